import Foundation

extension HubService {
    /// What became of a provider notification.
    public enum NotificationOutcome: Sendable {
        /// A signed notification, stored and applied to its payment in one transaction.
        case applied(Payment)
        /// Already received: nothing changed.
        case duplicate
        /// Verified but matching no payment (or not an event the hub acts on): kept for inspection.
        case kept
        /// An unsigned hint, confirmed by asking the provider; the payment as the provider's answer left it.
        case confirmed(Payment)
        /// An unsigned hint about no known payment: dropped, since nothing in it can be trusted.
        case unmatched

        public var isDuplicate: Bool {
            if case .duplicate = self { true } else { false }
        }
    }

    /// Handles a parsed notification. Signed ones go through the inbox (deduplicated on their key) and are
    /// applied in the same transaction; unsigned ones only trigger a status query of the payment they name.
    public func receive(_ notification: ProviderNotification, from provider: ProviderID, signed: Bool, body: Data) async throws(HubError) -> NotificationOutcome {
        let payment: Payment?
        do { payment = try await store.payment(provider: provider, reference: notification.reference) } catch { throw HubError(error) }
        guard signed else {
            guard let payment else {
                logger.warning("unsigned notification for no known payment", metadata: ["provider": "\(provider)"])
                return .unmatched
            }
            return .confirmed(try await refresh(payment.id))
        }
        let input: PaymentInput?
        let label: String
        switch notification.event {
        case .outcome(let result):
            input = .providerResult(result)
            label = switch result {
            case .pending: "outcome:pending"
            case .succeeded: "outcome:succeeded"
            case .failed(let failure): "outcome:failed:\(failure.providerCode ?? failure.reason.rawValue)"
            }
        case .reversed:
            input = .reversal
            label = "reversed"
        case .ignored(let type):
            input = nil
            label = "ignored:\(type.prefix(64))"
        case .refund, .review:
            input = nil
            label = "ignored"
        }
        let entry = InboxEntry(provider: provider, dedupeKey: notification.dedupeKey, reference: notification.reference,
                               event: label, body: body, receivedAt: now())
        let receipt: NotificationReceipt
        do { receipt = try await store.receiveNotification(entry, input: input, paymentID: payment?.id, at: now()) } catch {
            throw HubError(error)
        }
        switch receipt {
        case .duplicate:
            return .duplicate
        case .kept:
            if payment == nil { logger.warning("verified notification for no known payment, kept", metadata: ["provider": "\(provider)"]) }
            return .kept
        case .applied(let result):
            metrics.record(result.decision, of: result.payment)
            if case .anomaly(let detail) = result.decision {
                logger.error("payment anomaly", metadata: ["payment_id": "\(result.payment.id)", "provider": "\(provider)", "detail": "\(detail)"])
            }
            return .applied(result.payment)
        }
    }
}
