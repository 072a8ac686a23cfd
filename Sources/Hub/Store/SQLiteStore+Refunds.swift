import Foundation
import GRDB

/// A refund is followed like a payment: `requested` (the hold is placed; the request may not have left),
/// `pending` (the provider accepted it), then `succeeded` (the hold posted, the payment reversed) or `failed` (the
/// hold voided). A refund that provably never left goes back to no refund state, its key kept for a retry.
extension SQLiteStore {
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
                                 originalProviderTransactionID: try RefundRules.collectionTransactionID(SQLiteTransaction(db: db), payment: payment),
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
}
