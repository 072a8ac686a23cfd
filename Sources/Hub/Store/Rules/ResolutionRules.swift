import Foundation

/// An operator's settlement of a payment flagged for review, or of its refund, for every store: through the state
/// machine, the flag cleared, who and why recorded, in one transaction.
enum ResolutionRules {
    static func resolve(_ tx: some StoreTransaction, _ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                        at time: Date) throws -> ApplyResult {
        let before = try PaymentRules.record(tx, id).payment
        guard before.needsReview else { throw StoreError(.conflict, "the payment is not flagged for review") }
        guard before.refundState != "requested", before.refundState != "pending" else {
            throw StoreError(.conflict, "a refund of the payment is in flight: resolve the refund first")
        }
        var result = try PaymentRules.apply(tx, .resolution(outcome), to: id, source: "operator:\(`operator`)", at: time)
        if case .rejected(let why) = result.decision { throw StoreError(.conflict, why) }
        result.payment = try record(tx, id, subject: .payment, as: outcome, stateBefore: before.state, before: summary(before),
                                    reason: reason,
                                    operator: `operator`, at: time)
        return result
    }

    static func resolveRefund(_ tx: some StoreTransaction, _ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                              at time: Date) throws -> ApplyResult {
        let before = try PaymentRules.record(tx, id).payment
        guard before.needsReview else { throw StoreError(.conflict, "the payment is not flagged for review") }
        guard before.refundState == "requested" || before.refundState == "pending" else {
            throw StoreError(.conflict, "the payment has no refund in flight")
        }
        let answer: ProviderResult = outcome == .succeeded ? .succeeded(providerTransactionID: nil)
            : .failed(PaymentFailure(reason: .resolvedByOperator, providerCode: nil, message: "settled as failed by an operator"))
        var result = try RefundRules.recordOutcome(tx, of: id, answer, source: "operator:\(`operator`)", at: time, nextPollAt: nil)
        result.payment = try record(tx, id, subject: .refund, as: outcome, stateBefore: before.state, before: summary(before),
                                    reason: reason,
                                    operator: `operator`, at: time)
        return result
    }

    /// Clears the review flag and records who settled what, as what, and why: with the payment, and in the audit trail.
    private static func record(_ tx: some StoreTransaction, _ id: PaymentID, subject: PaymentResolution.Subject, as outcome: Resolution,
                               stateBefore: PaymentState, before: String, reason: String, operator: String,
                               at time: Date) throws -> Payment {
        var record = try PaymentRules.record(tx, id)
        record.payment.needsReview = false
        record.payment.updatedAt = time
        try tx.update(record)
        try tx.insert(PaymentResolution(paymentID: id, subject: subject, resolvedAs: outcome, stateBefore: stateBefore, reason: reason,
                                        operator: `operator`, createdAt: time))
        _ = try tx.insert(AuditRecord(actor: `operator`, action: subject == .payment ? "payment.resolve" : "refund.resolve",
                                      target: id.rawValue, reason: reason, before: before, after: summary(record.payment), createdAt: time))
        return record.payment
    }

    /// A payment's state in a few words, for an audit record: `pending, needs review`, `succeeded, refund pending`.
    static func summary(_ payment: Payment) -> String {
        var parts = [payment.state.rawValue]
        if let refund = payment.refundState { parts.append("refund \(refund)") }
        if payment.needsReview { parts.append("needs review") }
        return parts.joined(separator: ", ")
    }
}
