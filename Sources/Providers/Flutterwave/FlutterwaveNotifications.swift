import Foundation
import Hub
import Webhooks

/// Reads Flutterwave's notifications. Each must carry the dashboard's secret hash: as `verif-hash` (v3) or as
/// `flutterwave-signature` (the base64 HMAC-SHA256 of the raw body, or the hash itself: the documentation
/// disagrees, both are accepted). Even then it is only a hint: Flutterwave asks that every notification be
/// confirmed through the API before value is given, so the hub queries the payment's status (`isSigned` is false).
/// Fails closed: with no secret hash configured, every notification is refused.
struct FlutterwaveNotifications: NotificationHandler {
    private let legacy: FlutterwaveV3WebhookVerifier?
    private let signed: FlutterwaveWebhookVerifier?

    init(secretHashes: [String]) {
        let usable = secretHashes.filter { !$0.isEmpty }
        legacy = usable.isEmpty ? nil : try? FlutterwaveV3WebhookVerifier(secretHashes: usable)
        signed = usable.isEmpty ? nil : try? FlutterwaveWebhookVerifier(secretHashes: usable)
    }

    var isSigned: Bool { false }

    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification {
        guard let legacy, let signed else { throw NotificationError(.unauthenticated, "no flutterwave secret hash is configured") }
        let headers = WebhookHeaders(notification.headers)
        let body = Array(notification.body)
        do {
            if headers["flutterwave-signature"] != nil {
                _ = try signed.verify(body: body, headers: headers, now: notification.receivedAt)
            } else {
                _ = try legacy.verify(body: body, headers: headers, now: notification.receivedAt)
            }
        } catch {
            throw NotificationError(.unauthenticated, "flutterwave notification: \(error)")
        }
        guard let webhook = try? JSONDecoder().decode(FlutterwaveWebhook.self, from: notification.body), let data = webhook.data else {
            throw NotificationError(.malformed, "not a Flutterwave notification")
        }
        let event = webhook.event ?? "unknown"
        let reference: String
        let result: ProviderResult
        switch event {
        case "charge.completed":
            guard let txRef = data.txRef else { throw NotificationError(.malformed, "charge.completed: no tx_ref") }
            reference = txRef
            result = FlutterwaveChargeStatus(data.status)?.result(transactionID: data.id.map(String.init), processorResponse: nil)
                ?? .pending(providerTransactionID: nil)
        case "transfer.completed":
            guard let transferReference = data.reference else { throw NotificationError(.malformed, "transfer.completed: no reference") }
            reference = transferReference
            result = FlutterwaveTransferStatus(data.status)?.result(transferID: data.id.map(String.init), completeMessage: nil)
                ?? .pending(providerTransactionID: nil)
        default:
            return ProviderNotification(dedupeKey: "\(event):\(data.id.map(String.init) ?? "-")", reference: data.txRef ?? data.reference ?? "-",
                                        event: .ignored(String(event.prefix(64))))
        }
        return ProviderNotification(dedupeKey: "\(event):\(data.id.map(String.init) ?? reference):\(data.status ?? "-")", reference: reference,
                                    event: .outcome(result))
    }
}
