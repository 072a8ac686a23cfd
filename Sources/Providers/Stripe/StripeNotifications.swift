import Foundation
import Hub
import Webhooks

/// Reads Stripe webhook events after checking their `Stripe-Signature` against every configured secret.
///
/// Fails closed: with no secret, or with an empty one among them, every event is refused as unauthenticated. Events:
/// - `payment_intent.succeeded` → succeeded; `payment_intent.payment_failed` → failed with the mapped
///   `last_payment_error`; `payment_intent.processing` and `payment_intent.requires_action` → pending;
///   `payment_intent.canceled` → failed (cancelled).
/// - `charge.refunded` → reversed once the charge is refunded in full. A partial refund (the hub only refunds in
///   full, so it was made at Stripe) goes to review: the top-up stands, an operator decides.
/// - `refund.created`, `refund.updated`, `refund.failed`, `charge.refund.updated` → the refund's outcome, so a
///   refund that fails after it was accepted releases its hold.
/// - `charge.dispute.*` → review: a dispute may take the money back outside the hub.
/// - Anything else is ignored, named by its type.
///
/// The dedupe key is the event id; the reference is `metadata.reference` (our attempt reference) when the
/// object carries it, else the PaymentIntent's id. Error reasons never contain the body or a secret.
struct StripeNotifications: NotificationHandler {
    private let verifier: StripeWebhookVerifier?

    init(secrets: [String]) {
        verifier = secrets.isEmpty ? nil : try? StripeWebhookVerifier(secrets: secrets)
    }

    var isSigned: Bool { true }

    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification {
        guard let verifier else { throw NotificationError(.unauthenticated, "no usable stripe webhook secret is configured") }
        do {
            _ = try verifier.verify(body: Array(notification.body), headers: WebhookHeaders(notification.headers),
                                    now: notification.receivedAt)
        } catch {
            throw NotificationError(.unauthenticated, "stripe signature: \(error)")
        }
        let body = notification.body
        guard let header = try? JSONDecoder().decode(StripeEventHeader.self, from: body), !header.id.isEmpty else {
            throw NotificationError(.malformed, "not a Stripe event")
        }
        if let type = StripeIntentEvent(rawValue: header.type) {
            let intent: StripePaymentIntent = try Self.object(body, header.type)
            return ProviderNotification(dedupeKey: header.id, reference: intent.metadata?["reference"] ?? intent.id,
                                        event: .outcome(type.result(for: intent)))
        }
        if header.type == "charge.refunded" {
            let charge: StripeCharge = try Self.object(body, header.type)
            guard let intentID = charge.paymentIntent else { throw NotificationError(.malformed, "charge.refunded: no payment_intent") }
            return ProviderNotification(dedupeKey: header.id, reference: charge.metadata?["reference"] ?? intentID,
                                        event: charge.refunded ? .reversed
                                            : .review("partial refund at the provider: \(charge.amountRefunded) of \(charge.amount) minor units"))
        }
        if Self.refundEvents.contains(header.type) {
            let refund: StripeRefund = try Self.object(body, header.type)
            guard let intentID = refund.paymentIntent, let result = refund.result() else {
                throw NotificationError(.malformed, "\(header.type): no payment_intent or an unknown status")
            }
            return ProviderNotification(dedupeKey: header.id, reference: refund.metadata?["original_reference"] ?? intentID,
                                        event: .refund(result, reference: refund.metadata?["reference"]))
        }
        if header.type.hasPrefix("charge.dispute.") {
            let dispute: StripeDispute = try Self.object(body, header.type)
            guard let intentID = dispute.paymentIntent else { throw NotificationError(.malformed, "\(header.type): no payment_intent") }
            return ProviderNotification(dedupeKey: header.id, reference: intentID,
                                        event: .review("\(header.type): \(dispute.reason ?? "no reason"), \(dispute.status), \(dispute.amount) minor units"))
        }
        let object = try? JSONDecoder().decode(StripeEvent<StripeObjectSummary>.self, from: body).data.object
        return ProviderNotification(dedupeKey: header.id, reference: object?.metadata?["reference"] ?? object?.id ?? header.id,
                                    event: .ignored(header.type))
    }

    static let refundEvents: Set<String> = ["refund.created", "refund.updated", "refund.failed", "charge.refund.updated"]

    private static func object<Object: Decodable>(_ body: Data, _ type: String) throws(NotificationError) -> Object {
        guard let event = try? JSONDecoder().decode(StripeEvent<Object>.self, from: body) else {
            throw NotificationError(.malformed, "\(type): unreadable data.object")
        }
        return event.data.object
    }
}

/// The `payment_intent.*` events the hub acts on, each mapped to the attempt's result.
enum StripeIntentEvent: String, CaseIterable {
    case succeeded = "payment_intent.succeeded"
    case paymentFailed = "payment_intent.payment_failed"
    case processing = "payment_intent.processing"
    case requiresAction = "payment_intent.requires_action"
    case canceled = "payment_intent.canceled"

    func result(for intent: StripePaymentIntent) -> ProviderResult {
        switch self {
        case .succeeded:
            .succeeded(providerTransactionID: intent.id)
        case .paymentFailed:
            .failed(intent.lastPaymentError?.failure ?? StripeCardFailure.unrecognized("payment_failed").failure)
        case .processing, .requiresAction:
            .pending(providerTransactionID: intent.id)
        case .canceled:
            .failed(StripeIntentStatus.canceledFailure)
        }
    }
}
