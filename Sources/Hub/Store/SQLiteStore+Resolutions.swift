import Foundation
import GRDB

extension SQLiteStore {
    public func paymentsNeedingReview(limit: Int) async throws(StoreError) -> [Payment] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE needs_review = 1 ORDER BY updated_at LIMIT ?"),
                             arguments: [limit]).map(Self.payment)
        }
    }

    public func resolutions(of id: PaymentID) async throws(StoreError) -> [PaymentResolution] {
        try await read { db in try Self.resolutions(db, of: id) }
    }

    static func resolutions(_ db: Database, of id: PaymentID) throws -> [PaymentResolution] {
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
