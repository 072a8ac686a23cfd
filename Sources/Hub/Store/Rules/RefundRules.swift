import Foundation

/// A refund is followed like a payment: `requested` (the hold is placed; the request may not have left), `pending`
/// (the provider accepted it), then `succeeded` (the hold posted, the payment reversed) or `failed` (the hold
/// voided). A refund that provably never left goes back to no refund state, its key kept for a retry.
package enum RefundRules {
    static func begin(_ tx: some StoreTransaction, of paymentID: PaymentID, idempotencyKey: String, reference: String, at time: Date,
                      leaseUntil: Date) throws -> RefundStart {
        var record = try PaymentRules.record(tx, paymentID)
        let transactionID = try collectionTransactionID(tx, payment: record.payment)
        var reference = reference
        if let existingKey = record.refund.idempotencyKey {
            if existingKey == idempotencyKey {
                if let state = record.payment.refundState {
                    return RefundStart(payment: record.payment, reference: record.refund.reference ?? reference,
                                       providerTransactionID: transactionID, replayed: true, state: state)
                }
                // The same request again after it never reached the provider: send it under its own reference.
                reference = record.refund.reference ?? reference
            } else {
                guard record.payment.refundState == nil || record.payment.refundState == "failed" else {
                    throw StoreError(.conflict, "the payment already has a refund")
                }
            }
        }
        guard record.payment.kind == .topUp, record.payment.state == .succeeded else {
            throw StoreError(.conflict, "only a succeeded top-up can be refunded")
        }
        if let other = try tx.payment(refundIdempotencyKey: idempotencyKey), other != paymentID {
            throw StoreError(.idempotencyConflict, "the idempotency key was already used for another refund")
        }
        try LedgerRules.hold(tx, payment: record.payment, at: time)
        record.refund = RefundRecord(reference: reference, idempotencyKey: idempotencyKey, providerID: nil, requestedAt: time,
                                     nextPollAt: leaseUntil, polls: 0)
        record.payment.refundState = "requested"
        record.payment.updatedAt = time
        try tx.update(record)
        return RefundStart(payment: record.payment, reference: reference, providerTransactionID: transactionID, replayed: false,
                           state: "requested")
    }

    /// `refundReference`, when a notification gives it, must name the refund in flight; so must the provider's
    /// refund id in `result` once one is known. An outcome about another refund (an earlier one the provider reports
    /// late) changes nothing, or flags the payment if it says money left.
    static func recordOutcome(_ tx: some StoreTransaction, of paymentID: PaymentID, _ result: ProviderResult, refundReference: String? = nil,
                              source: String, at time: Date, nextPollAt: Date?) throws -> ApplyResult {
        var record = try PaymentRules.record(tx, paymentID)
        let otherReference = refundReference.map { $0 != record.refund.reference } ?? false
        let otherID = record.refund.providerID != nil && result.providerTransactionID != nil
            && record.refund.providerID != result.providerTransactionID
        if otherReference || otherID {
            guard case .succeeded = result else { return ApplyResult(payment: record.payment, decision: .unchanged) }
            let detail = "the provider reported a refund succeeded that is not the refund in flight"
            try PaymentRules.flag(tx, record: &record, source: source, detail: detail, at: time)
            return ApplyResult(payment: record.payment, decision: .anomaly(detail))
        }
        switch (record.payment.refundState, result) {
        case ("requested", .pending(let refundID)), ("pending", .pending(let refundID)):
            let wasRequested = record.payment.refundState == "requested"
            record.refund.providerID = record.refund.providerID ?? refundID
            if let nextPollAt { record.refund.nextPollAt = nextPollAt }
            record.payment.refundState = "pending"
            record.payment.updatedAt = time
            try tx.update(record)
            guard wasRequested else { return ApplyResult(payment: record.payment, decision: .unchanged) }
            try PaymentRules.enqueue(tx, .refundRequested, payment: record.payment, at: time)
            return ApplyResult(payment: record.payment,
                               decision: .transition(to: record.payment.state, ledger: .none, event: .refundRequested, failure: nil))
        case ("requested", .succeeded(let refundID)), ("pending", .succeeded(let refundID)):
            record.refund.providerID = record.refund.providerID ?? refundID
            try tx.update(record)
            return try PaymentRules.apply(tx, .reversal, to: paymentID, source: source, at: time)
        case ("requested", .failed(let failure)), ("pending", .failed(let failure)):
            try LedgerRules.resolveHold(tx, payment: record.payment, post: false, at: time)
            record.payment.refundState = "failed"
            record.payment.updatedAt = time
            try tx.update(record)
            try PaymentRules.enqueue(tx, .refundFailed, payment: record.payment, at: time)
            return ApplyResult(payment: record.payment,
                               decision: .transition(to: record.payment.state, ledger: .voidHold, event: .refundFailed, failure: failure))
        case ("succeeded", .failed), ("failed", .succeeded):
            let detail = "the provider reported the refund \(result.isSuccess ? "succeeded" : "failed") after it had "
                + (record.payment.refundState ?? "-")
            try PaymentRules.flag(tx, record: &record, source: source, detail: detail, at: time)
            return ApplyResult(payment: record.payment, decision: .anomaly(detail))
        default:
            return ApplyResult(payment: record.payment, decision: .unchanged)
        }
    }

    /// Ends a refund still `requested` that provably never reached the provider: its hold released, the key kept.
    static func notSent(_ tx: some StoreTransaction, of paymentID: PaymentID, at time: Date) throws -> Payment {
        var record = try PaymentRules.record(tx, paymentID)
        guard record.payment.refundState == "requested" else { return record.payment }
        try LedgerRules.resolveHold(tx, payment: record.payment, post: false, at: time)
        record.payment.refundState = nil
        record.refund.nextPollAt = nil
        record.payment.updatedAt = time
        try tx.update(record)
        return record.payment
    }

    /// The provider's id for the collection being refunded (a PaymentIntent id).
    package static func collectionTransactionID(_ tx: some StoreTransaction, payment: Payment) throws -> String? {
        try tx.attempts(of: payment.id).first(where: { $0.reference == payment.providerReference })?.providerTransactionID
    }
}

extension ProviderResult {
    var isSuccess: Bool {
        if case .succeeded = self { true } else { false }
    }
}
