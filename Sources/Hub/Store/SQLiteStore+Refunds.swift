import Foundation
import GRDB

extension SQLiteStore {
    public func beginRefund(of paymentID: PaymentID, idempotencyKey: String, reference: String, at time: Date,
                            leaseUntil: Date) async throws(StoreError) -> RefundStart {
        try await write { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns), refund_idempotency_key, refund_reference FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            let payment = try Self.payment(row)
            let transactionID = try String.fetchOne(db.cachedStatement(sql: """
                SELECT provider_transaction_id FROM attempts WHERE payment_id = ? AND reference = ?
                """), arguments: [paymentID.rawValue, payment.providerReference])
            if let existingKey: String = row["refund_idempotency_key"] {
                guard existingKey == idempotencyKey else {
                    throw StoreError(.conflict, "the payment already has a refund")
                }
                return RefundStart(payment: payment, reference: row["refund_reference"], providerTransactionID: transactionID,
                                   replayed: true, state: row["refund_state"])
            }
            guard payment.kind == .topUp, payment.state == .succeeded else {
                throw StoreError(.conflict, "only a succeeded top-up can be refunded")
            }
            if try String.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM payments WHERE refund_idempotency_key = ?"), arguments: [idempotencyKey]) != nil {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used for another refund")
            }
            try SQLiteLedger.hold(db, payment: payment, at: time)
            try db.cachedStatement(sql: """
                UPDATE payments SET refund_reference = ?, refund_idempotency_key = ?, refund_state = 'requested', updated_at = ? WHERE id = ?
                """).execute(arguments: [reference, idempotencyKey, Timestamp.millis(time), paymentID.rawValue])
            return RefundStart(payment: payment, reference: reference, providerTransactionID: transactionID, replayed: false, state: "requested")
        }
    }

    public func abandonRefund(of paymentID: PaymentID, at time: Date) async throws(StoreError) -> Payment {
        try await write { db in
            guard let payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            guard payment.state == .succeeded else { return payment }
            try SQLiteLedger.resolveHold(db, payment: payment, post: false, at: time)
            try db.cachedStatement(sql: "UPDATE payments SET refund_state = 'failed', updated_at = ? WHERE id = ?").execute(arguments: [Timestamp.millis(time), paymentID.rawValue])
            return payment
        }
    }

    public func markRefundPending(of paymentID: PaymentID) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE payments SET refund_state = 'pending' WHERE id = ? AND refund_state = 'requested'").execute(arguments: [paymentID.rawValue])
        }
    }
}
