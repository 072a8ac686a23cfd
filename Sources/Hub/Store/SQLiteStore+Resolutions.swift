import Foundation
import GRDB

extension SQLiteStore {
    public func resolve(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                        at time: Date) async throws(StoreError) -> ApplyResult {
        try await write { db in
            guard let before = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"),
                                                arguments: [id.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(id)")
            }
            guard before.needsReview else { throw StoreError(.conflict, "the payment is not flagged for review") }
            guard before.refundState != "requested", before.refundState != "pending" else {
                throw StoreError(.conflict, "a refund of the payment is in flight: resolve the refund first")
            }
            var result = try Self.apply(db, .resolution(outcome), to: id, source: "operator:\(`operator`)", at: time)
            if case .rejected(let why) = result.decision { throw StoreError(.conflict, why) }
            try Self.recordResolution(db, of: &result.payment, subject: .payment, as: outcome, stateBefore: before.state, reason: reason,
                                      operator: `operator`, at: time)
            return result
        }
    }

    public func resolveRefund(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                              at time: Date) async throws(StoreError) -> ApplyResult {
        try await write { db in
            guard let before = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"),
                                                arguments: [id.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(id)")
            }
            guard before.needsReview else { throw StoreError(.conflict, "the payment is not flagged for review") }
            guard before.refundState == "requested" || before.refundState == "pending" else {
                throw StoreError(.conflict, "the payment has no refund in flight")
            }
            let answer: ProviderResult = outcome == .succeeded ? .succeeded(providerTransactionID: nil)
                : .failed(PaymentFailure(reason: .resolvedByOperator, providerCode: nil, message: "settled as failed by an operator"))
            var result = try Self.recordRefundOutcome(db, of: id, answer, source: "operator:\(`operator`)", at: time, nextPollAt: nil)
            try Self.recordResolution(db, of: &result.payment, subject: .refund, as: outcome, stateBefore: before.state, reason: reason,
                                      operator: `operator`, at: time)
            return result
        }
    }

    /// Clears the review flag and records who settled what, as what, and why.
    private static func recordResolution(_ db: Database, of payment: inout Payment, subject: PaymentResolution.Subject, as outcome: Resolution,
                                         stateBefore: PaymentState, reason: String, operator: String, at time: Date) throws {
        let millis = Timestamp.millis(time)
        try db.cachedStatement(sql: "UPDATE payments SET needs_review = 0, updated_at = ? WHERE id = ?").execute(arguments: [millis, payment.id.rawValue])
        try db.cachedStatement(sql: """
            INSERT INTO payment_resolutions (payment_id, subject, resolved_as, state_before, reason, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [payment.id.rawValue, subject.rawValue, outcome.rawValue, stateBefore.rawValue, reason, `operator`, millis])
        payment.needsReview = false
        payment.updatedAt = time
    }

    public func paymentsNeedingReview(limit: Int) async throws(StoreError) -> [Payment] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE needs_review = 1 ORDER BY updated_at LIMIT ?"),
                             arguments: [limit]).map(Self.payment)
        }
    }

    public func resolutions(of id: PaymentID) async throws(StoreError) -> [PaymentResolution] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM payment_resolutions WHERE payment_id = ? ORDER BY id"),
                             arguments: [id.rawValue]).map { row in
                guard let outcome = Resolution(rawValue: row["resolved_as"]), let state = PaymentState(rawValue: row["state_before"]),
                      let subject = PaymentResolution.Subject(rawValue: row["subject"]) else {
                    throw StoreError(.corrupt, "unreadable resolution of \(id)")
                }
                return PaymentResolution(paymentID: id, subject: subject, resolvedAs: outcome, stateBefore: state, reason: row["reason"],
                                         operator: row["operator"], createdAt: Timestamp.date(millis: row["created_at"]))
            }
        }
    }
}
