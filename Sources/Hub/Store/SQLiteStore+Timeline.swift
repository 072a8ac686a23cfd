import Foundation
import GRDB

/// The operator console's reads: payments by any of their fields, and one payment's whole record. Every filter is
/// a bound parameter of one fixed statement (`? IS NULL OR column = ?`), so no query text is built from input.
extension SQLiteStore {
    public func payments(matching query: PaymentQuery, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        let state = query.state?.rawValue, kind = query.kind?.rawValue, provider = query.provider?.rawValue
        let wallet = query.wallet?.rawValue, review = query.needsReview
        let from = query.createdFrom.map(Timestamp.millis), before = query.createdBefore.map(Timestamp.millis)
        let arguments: StatementArguments = [
            state, state, kind, kind, provider, provider, wallet, wallet, review, review, from, from, before, before,
            after?.order, after?.order, after?.order, after?.id, limit + 1,
        ]
        return try await read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumns) FROM payments
                WHERE (? IS NULL OR state = ?) AND (? IS NULL OR kind = ?) AND (? IS NULL OR provider = ?)
                  AND (? IS NULL OR wallet_id = ?) AND (? IS NULL OR needs_review = ?)
                  AND (? IS NULL OR created_at >= ?) AND (? IS NULL OR created_at < ?)
                  AND (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?))
                ORDER BY created_at DESC, id DESC LIMIT ?
                """), arguments: arguments)
            let items = try rows.prefix(limit).map(Self.payment)
            let next = rows.count > limit ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func timeline(of id: PaymentID) async throws(StoreError) -> PaymentTimeline? {
        try await read { db in
            let key: StatementArguments = [id.rawValue]
            guard let payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"),
                                                 arguments: key).map(Self.payment) else { return nil }
            let attempts = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attempts WHERE payment_id = ? ORDER BY number"),
                                            arguments: key).map(Self.attempt)
            let notifications = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE payment_id = ? ORDER BY id"),
                                                 arguments: key).map { row throws -> InboxRecord in
                guard let status = InboxStatus(rawValue: row["status"]) else { throw StoreError(.corrupt, "inbox row with an unknown status") }
                return InboxRecord(entry: Self.inboxEntry(row), status: status, detail: row["detail"])
            }
            let transfers = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.*, d.name AS debit_name, c.name AS credit_name FROM ledger_transfers t
                JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
                WHERE t.payment_id = ? ORDER BY t.id
                """), arguments: key).map { row throws -> TimelineTransfer in
                let transfer = try SQLiteTransaction.transfer(row)
                return TimelineTransfer(id: transfer.id, kind: transfer.kind, debitAccount: row["debit_name"], creditAccount: row["credit_name"],
                                        amount: transfer.amount, pendingID: transfer.pendingID, flagged: transfer.flagged,
                                        createdAt: transfer.createdAt)
            }
            let events = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM outbox WHERE payment_id = ? ORDER BY sequence"),
                                          arguments: key).map(Self.event)
            let anomalies = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM anomalies WHERE payment_id = ? ORDER BY id"),
                                             arguments: key).map { row in
                Anomaly(paymentID: PaymentID(rawValue: row["payment_id"]), source: row["source"], detail: row["detail"],
                        createdAt: Timestamp.date(millis: row["created_at"]))
            }
            let resolutions = try Self.resolutions(db, of: id)
            return PaymentTimeline(payment: payment, attempts: attempts, notifications: notifications, transfers: transfers,
                                   events: events, anomalies: anomalies, resolutions: resolutions)
        }
    }
}
