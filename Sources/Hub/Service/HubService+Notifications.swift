import Foundation
import Webhooks

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
    /// applied in the same transaction, which also records what they did; unsigned ones only trigger a status
    /// query of the payment they name, unless corroborated (`ProviderNotification.correlation`). A hint that
    /// contradicts a final payment (success after a failure) is checked with the provider too: if the provider
    /// confirms it, the payment is flagged for review.
    public func receive(_ notification: ProviderNotification, from provider: ProviderID, signed: Bool, body: Data) async throws(HubError) -> NotificationOutcome {
        let payment: Payment?
        do { payment = try await store.payment(provider: provider, reference: notification.reference) } catch { throw HubError(error) }
        let believed = signed ? true : try await corroborates(notification, payment, at: provider)
        guard believed else {
            guard let payment else {
                logger.warning("unsigned notification for no known payment", metadata: ["provider": "\(provider)"])
                return .unmatched
            }
            // A hint about an attempt the payment moved on from is checked with that attempt's provider and applied
            // to that attempt: a success there is an anomaly for an operator, never the payment's outcome.
            if let stale = try await staleAttempt(of: payment, named: notification.reference, at: provider) {
                return .confirmed(try await confirm(stale, of: payment))
            }
            // A payment still `created` is being sent (or will be resumed by the poller once its lease runs out): a
            // hint must not send it a second time.
            guard payment.state != .created else { return .confirmed(payment) }
            let contradicts = switch (payment.state, notification.event) {
            case (.failed, .outcome(.succeeded)), (.succeeded, .outcome(.failed)), (.reversed, .outcome(.failed)): true
            default: false
            }
            return .confirmed(try await refresh(payment.id, evenIfFinal: contradicts))
        }
        let action: NotificationAction?
        let label: String
        switch notification.event {
        case .outcome(let result):
            action = .payment(.providerResult(result))
            label = "outcome:" + Self.label(result)
        case .reversed:
            action = .payment(.reversal)
            label = "reversed"
        case .refund(let result, let reference):
            action = .refund(result, reference: reference)
            label = "refund:" + Self.label(result)
        case .review(let detail):
            action = .review(detail)
            label = "review"
        case .ignored(let type):
            action = nil
            label = "ignored:\(type.prefix(64))"
        }
        let entry = InboxEntry(provider: provider, dedupeKey: notification.dedupeKey, reference: notification.reference,
                               event: label, body: body, receivedAt: now())
        let receipt: NotificationReceipt
        do { receipt = try await store.receiveNotification(entry, action: action, paymentID: payment?.id, at: now()) } catch {
            throw HubError(error)
        }
        switch receipt {
        case .duplicate:
            return .duplicate
        case .kept:
            if payment == nil { logger.warning("verified notification for no known payment, kept", metadata: ["provider": "\(provider)"]) }
            return .kept
        case .applied(let result):
            if case .refund = action { metrics.record(refund: result.decision, of: result.payment) } else { metrics.record(result.decision, of: result.payment) }
            switch result.decision {
            case .anomaly(let detail):
                logger.error("payment flagged for review", metadata: ["payment_id": "\(result.payment.id)", "provider": "\(provider)", "detail": "\(detail)"])
            case .rejected(let reason):
                logger.warning("notification held", metadata: ["payment_id": "\(result.payment.id)", "provider": "\(provider)", "reason": "\(reason)"])
            case .transition, .unchanged:
                break
            }
            return .applied(result.payment)
        }
    }

    /// Whether an unsigned notification carries the provider's transaction id stored for the current attempt it
    /// names: an id the provider's acknowledgement gave the hub alone.
    func corroborates(_ notification: ProviderNotification, _ payment: Payment?, at provider: ProviderID) async throws(HubError) -> Bool {
        guard let correlation = notification.correlation, !correlation.isEmpty, let payment else { return false }
        let attempts: [PaymentAttempt]
        do { attempts = try await store.attempts(of: payment.id) } catch { throw HubError(error) }
        guard let current = attempts.first(where: { $0.reference == payment.providerReference }), current.provider == provider,
              current.reference == notification.reference || current.providerTransactionID == notification.reference else { return false }
        // Compared in constant time: the id stands in for a signature.
        return current.providerTransactionID.map { ConstantTime.equals(Array($0.utf8), Array(correlation.utf8)) } ?? false
    }

    /// The attempt `reference` names (ours or the provider's id), if it is not the payment's current one.
    func staleAttempt(of payment: Payment, named reference: String, at provider: ProviderID) async throws(HubError) -> PaymentAttempt? {
        let attempts: [PaymentAttempt]
        do { attempts = try await store.attempts(of: payment.id) } catch { throw HubError(error) }
        guard let named = attempts.first(where: { $0.provider == provider && ($0.reference == reference || $0.providerTransactionID == reference) }),
              named.reference != payment.providerReference else { return nil }
        return named
    }

    /// Asks `attempt`'s provider how that attempt stands and applies the answer to that attempt.
    func confirm(_ attempt: PaymentAttempt, of payment: Payment) async throws(HubError) -> Payment {
        guard let provider = registry[attempt.provider] else { return payment }
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        let lookup = AttemptLookup(kind: payment.kind, reference: attempt.reference, providerTransactionID: attempt.providerTransactionID,
                                   createdAt: attempt.createdAt, sentAt: attempt.sentAt, amount: payment.amount,
                                   callbackURL: callbackURL(provider.id))
        do {
            let result = try await metrics.providerCall(provider.id, .status, payment: payment.id) { () async throws(ProviderError) in
                try await provider.status(of: lookup, context: context)
            }
            return try await apply(.providerResult(result), to: payment.id, attempt: attempt.reference, source: "\(provider.id):status")
        } catch let error as ProviderError {
            logger.info("status of an earlier attempt inconclusive", metadata: ["payment_id": "\(payment.id)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
            return payment
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    static func label(_ result: ProviderResult) -> String {
        switch result {
        case .pending: "pending"
        case .succeeded: "succeeded"
        case .failed(let failure): "failed:\(failure.providerCode ?? failure.reason.rawValue)"
        }
    }
}
