import Foundation
import Hub

/// Reads Airtel's callbacks: `POST` of `{"transaction":{"id","message","status_code","airtel_money_id"},"hash"}` to
/// the one callback URL of the application. Even with callback authentication they are only hints (`isSigned` is
/// false): the hub confirms each with an enquiry before money moves.
///
/// With a `callback_hash_key` configured, a callback whose `hash` is missing or does not match is refused as
/// unauthenticated; without one, the `hash` is not looked at.
struct AirtelMoneyNotifications: NotificationHandler {
    private let hash: AirtelMoneyCallbackHash?

    init(hashKey: String?) {
        hash = hashKey.flatMap { $0.isEmpty ? nil : AirtelMoneyCallbackHash(key: $0) }
    }

    var isSigned: Bool { false }

    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification {
        guard let callback = try? JSONDecoder().decode(AirtelMoneyCallback.self, from: notification.body),
              let transaction = callback.transaction else {
            throw NotificationError(.malformed, "not an Airtel Money callback")
        }
        if let hash {
            guard let value = callback.hash, !value.isEmpty else { throw NotificationError(.unauthenticated, "airtel callback: no hash") }
            guard hash.accepts(value, body: Array(notification.body)) else {
                throw NotificationError(.unauthenticated, "airtel callback: the hash does not match")
            }
        }
        guard let reference = transaction.id?.value, let code = transaction.statusCode,
              let status = AirtelMoneyTransactionStatus(code) else {
            throw NotificationError(.malformed, "airtel callback: no transaction id or status_code")
        }
        let airtelMoneyID = transaction.airtelMoneyID?.value
        return ProviderNotification(dedupeKey: "\(reference):\(status.rawValue):\(airtelMoneyID ?? "-")", reference: reference,
                                    result: status.result(airtelMoneyID: airtelMoneyID, reason: nil))
    }
}
