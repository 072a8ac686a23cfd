import Foundation
import GRDB

/// A refund is followed like a payment: `requested` (the hold is placed; the request may not have left),
/// `pending` (the provider accepted it), then `succeeded` (the hold posted, the payment reversed) or `failed` (the
/// hold voided). A refund that provably never left goes back to no refund state, its key kept for a retry.
extension SQLiteStore {
    public func beginRefund(of paymentID: PaymentID, idempotencyKey: String, reference: String, at time: Date,
                            leaseUntil: Date) async throws(StoreError) -> RefundStart {
        try await write { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumns), refund_idempotency_key, refund_reference FROM payments WHERE id = ?
                """), arguments: [paymentID.rawValue]) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            var payment = try Self.payment(row)
            let transactionID = try Self.collectionTransactionID(db, payment: payment)
            var reference = reference
            if let existingKey: String = row["refund_idempotency_key"] {
                if existingKey == idempotencyKey {
                    if let state = payment.refundState {
                        return RefundStart(payment: payment, reference: row["refund_reference"], providerTransactionID: transactionID,
                                           replayed: true, state: state)
                    }
                    // The same request again after it never reached the provider: send it under its own reference.
                    reference = row["refund_reference"]
                } else {
                    guard payment.refundState == nil || payment.refundState == "failed" else {
                        throw StoreError(.conflict, "the payment already has a refund")
                    }
                }
            }
            guard payment.kind == .topUp, payment.state == .succeeded else {
                throw StoreError(.conflict, "only a succeeded top-up can be refunded")
            }
            if try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM payments WHERE refund_idempotency_key = ? AND id <> ?"),
                                   arguments: [idempotencyKey, paymentID.rawValue]) != nil {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used for another refund")
            }
            try SQLiteLedger.hold(db, payment: payment, at: time)
            let millis = Timestamp.millis(time)
            try db.cachedStatement(sql: """
                UPDATE payments SET refund_reference = ?, refund_idempotency_key = ?, refund_state = 'requested', refund_provider_id = NULL,
                    refund_requested_at = ?, refund_next_poll_at = ?, refund_polls = 0, updated_at = ?
                WHERE id = ?
                """).execute(arguments: [reference, idempotencyKey, millis, Timestamp.millis(leaseUntil), millis, paymentID.rawValue])
            payment.refundState = "requested"
            return RefundStart(payment: payment, reference: reference, providerTransactionID: transactionID, replayed: false, state: "requested")
        }
    }

    public func recordRefundOutcome(of paymentID: PaymentID, _ result: ProviderResult, source: String, at time: Date,
                                    nextPollAt: Date) async throws(StoreError) -> ApplyResult {
        try await write { db in try Self.recordRefundOutcome(db, of: paymentID, result, source: source, at: time, nextPollAt: nextPollAt) }
    }

    /// `refundReference`, when a notification gives it, must name the refund in flight; so must the provider's
    /// refund id in `result` once one is known. An outcome about another refund (an earlier one the provider reports
    /// late) changes nothing, or flags the payment if it says money left.
    static func recordRefundOutcome(_ db: Database, of paymentID: PaymentID, _ result: ProviderResult, refundReference: String? = nil,
                                    source: String, at time: Date, nextPollAt: Date?) throws -> ApplyResult {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(Self.paymentColumns), refund_reference, refund_provider_id FROM payments WHERE id = ?
            """), arguments: [paymentID.rawValue]) else {
            throw StoreError(.notFound, "no payment \(paymentID)")
        }
        var payment = try Self.payment(row)
        let storedReference: String? = row["refund_reference"]
        let storedID: String? = row["refund_provider_id"]
        let otherReference = refundReference.map { $0 != storedReference } ?? false
        let otherID = storedID != nil && result.providerTransactionID != nil && storedID != result.providerTransactionID
        if otherReference || otherID {
            guard case .succeeded = result else { return ApplyResult(payment: payment, decision: .unchanged) }
            let detail = "the provider reported a refund succeeded that is not the refund in flight"
            try flag(db, payment: &payment, source: source, detail: detail, at: time)
            return ApplyResult(payment: payment, decision: .anomaly(detail))
        }
        let millis = Timestamp.millis(time)
        switch (payment.refundState, result) {
        case ("requested", .pending(let refundID)), ("pending", .pending(let refundID)):
            try db.cachedStatement(sql: """
                UPDATE payments SET refund_state = 'pending', refund_provider_id = COALESCE(refund_provider_id, ?),
                    refund_next_poll_at = COALESCE(?, refund_next_poll_at), updated_at = ?
                WHERE id = ?
                """).execute(arguments: [refundID, nextPollAt.map(Timestamp.millis), millis, paymentID.rawValue])
            guard payment.refundState == "requested" else { return ApplyResult(payment: payment, decision: .unchanged) }
            payment.refundState = "pending"
            payment.updatedAt = time
            try enqueue(db, event: .refundRequested, payment: payment, at: time)
            return ApplyResult(payment: payment, decision: .transition(to: payment.state, ledger: .none, event: .refundRequested, failure: nil))
        case ("requested", .succeeded(let refundID)), ("pending", .succeeded(let refundID)):
            try db.cachedStatement(sql: "UPDATE payments SET refund_provider_id = COALESCE(refund_provider_id, ?) WHERE id = ?")
                .execute(arguments: [refundID, paymentID.rawValue])
            return try apply(db, .reversal, to: paymentID, source: source, at: time)
        case ("requested", .failed(let failure)), ("pending", .failed(let failure)):
            try SQLiteLedger.resolveHold(db, payment: payment, post: false, at: time)
            try db.cachedStatement(sql: "UPDATE payments SET refund_state = 'failed', updated_at = ? WHERE id = ?")
                .execute(arguments: [millis, paymentID.rawValue])
            payment.refundState = "failed"
            payment.updatedAt = time
            try enqueue(db, event: .refundFailed, payment: payment, at: time)
            return ApplyResult(payment: payment, decision: .transition(to: payment.state, ledger: .voidHold, event: .refundFailed, failure: failure))
        case ("succeeded", .failed), ("failed", .succeeded):
            let detail = "the provider reported the refund \(result.isSuccess ? "succeeded" : "failed") after it had "
                + (payment.refundState ?? "-")
            try flag(db, payment: &payment, source: source, detail: detail, at: time)
            return ApplyResult(payment: payment, decision: .anomaly(detail))
        default:
            return ApplyResult(payment: payment, decision: .unchanged)
        }
    }

    public func refundNotSent(of paymentID: PaymentID, at time: Date) async throws(StoreError) -> Payment {
        try await write { db in
            guard var payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"),
                                                 arguments: [paymentID.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            guard payment.refundState == "requested" else { return payment }
            try SQLiteLedger.resolveHold(db, payment: payment, post: false, at: time)
            try db.cachedStatement(sql: "UPDATE payments SET refund_state = NULL, refund_next_poll_at = NULL, updated_at = ? WHERE id = ?")
                .execute(arguments: [Timestamp.millis(time), paymentID.rawValue])
            payment.refundState = nil
            return payment
        }
    }

    public func claimDueRefunds(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [DueRefund] {
        try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumns), refund_reference, refund_provider_id, refund_requested_at, refund_polls FROM payments
                WHERE refund_state IN ('requested', 'pending') AND refund_next_poll_at <= ? ORDER BY refund_next_poll_at LIMIT ?
                """), arguments: [Timestamp.millis(now), limit])
            let leaseEnd = Timestamp.millis(now.addingTimeInterval(lease))
            return try rows.map { row in
                let payment = try Self.payment(row)
                try db.cachedStatement(sql: "UPDATE payments SET refund_next_poll_at = ? WHERE id = ?").execute(arguments: [leaseEnd, payment.id.rawValue])
                return DueRefund(payment: payment, state: payment.refundState ?? "requested", reference: row["refund_reference"],
                                 providerRefundID: row["refund_provider_id"],
                                 originalProviderTransactionID: try Self.collectionTransactionID(db, payment: payment),
                                 requestedAt: Timestamp.date(millis: row["refund_requested_at"] ?? Timestamp.millis(payment.updatedAt)),
                                 polls: row["refund_polls"])
            }
        }
    }

    public func scheduleRefundPoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE payments SET refund_next_poll_at = ?, refund_polls = refund_polls + ? WHERE id = ?")
                .execute(arguments: [Timestamp.millis(time), countingPoll ? 1 : 0, id.rawValue])
        }
    }

    /// The provider's id for the collection being refunded (a PaymentIntent id).
    static func collectionTransactionID(_ db: Database, payment: Payment) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT provider_transaction_id FROM attempts WHERE payment_id = ? AND reference = ?"),
                            arguments: [payment.id.rawValue, payment.providerReference])
    }
}

extension ProviderResult {
    var isSuccess: Bool {
        if case .succeeded = self { true } else { false }
    }
}
