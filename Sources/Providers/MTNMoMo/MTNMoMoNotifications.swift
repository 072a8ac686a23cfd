import Foundation
import Hub

/// Reads MoMo callbacks (PUT or POST, a body like the status GET). MoMo signs nothing, so a callback is only
/// a hint: the hub confirms it with a status query before anything changes.
struct MTNMoMoNotifications: NotificationHandler {
    var isSigned: Bool { false }

    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification {
        guard let body = try? JSONDecoder().decode(MoMoTransactionStatus.self, from: notification.body),
              let reference = body.externalId, !reference.isEmpty, let result = body.result()
        else { throw NotificationError(.malformed, "not a MoMo transaction status") }
        return ProviderNotification(dedupeKey: "\(reference):\(body.status)", reference: reference, result: result)
    }
}
