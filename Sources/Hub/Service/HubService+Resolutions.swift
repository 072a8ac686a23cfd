import Foundation

extension HubService {
    /// Settles a payment flagged for review, on an operator's word: the outcome goes through the state machine
    /// and books what it implies (a pending payout resolved as failed releases its hold; a failed top-up the
    /// provider did pay credits the wallet; a failed payout the provider did pay debits it, flagged if the wallet
    /// no longer covers it). `reason` and `operator` are kept with the payment.
    public func resolve(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String) async throws(HubError) -> Payment {
        if let problem = Self.resolutionReasonProblem(reason) { throw HubError(.invalidRequest, problem, field: "reason") }
        let who = `operator`.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(who.count) else { throw HubError(.invalidRequest, "must be 1 to 100 characters", field: "operator") }
        do {
            let result = try await store.resolve(id, as: outcome, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                                                 operator: who, at: now())
            metrics.record(result.decision, of: result.payment)
            logger.notice("payment resolved by an operator", metadata: ["payment_id": "\(id)", "as": "\(outcome.rawValue)", "operator": "\(who)"])
            return result.payment
        } catch { throw HubError(error) }
    }

    /// Settles the refund in flight of a payment flagged for review, on an operator's word: `succeeded` posts the
    /// refund's hold and reverses the payment, `failed` releases it (the wallet may refund again with a new key).
    public func resolveRefund(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String) async throws(HubError) -> Payment {
        if let problem = Self.resolutionReasonProblem(reason) { throw HubError(.invalidRequest, problem, field: "reason") }
        let who = `operator`.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...100).contains(who.count) else { throw HubError(.invalidRequest, "must be 1 to 100 characters", field: "operator") }
        do {
            let result = try await store.resolveRefund(id, as: outcome, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
                                                       operator: who, at: now())
            metrics.record(refund: result.decision, of: result.payment)
            logger.notice("refund resolved by an operator", metadata: ["payment_id": "\(id)", "as": "\(outcome.rawValue)", "operator": "\(who)"])
            return result.payment
        } catch { throw HubError(error) }
    }

    /// Why a resolution's reason is not acceptable, or `nil`: it must say something, in at most 500 characters.
    public static func resolutionReasonProblem(_ reason: String) -> String? {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "a resolution needs a reason" }
        if trimmed.count > 500 { return "at most 500 characters" }
        return nil
    }
}
