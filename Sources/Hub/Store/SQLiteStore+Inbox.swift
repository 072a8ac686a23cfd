import Foundation
import GRDB

extension SQLiteStore {
    public func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE payment_id = ? ORDER BY id"),
                             arguments: [paymentID.rawValue]).map { row in
                guard let status = InboxStatus(rawValue: row["status"]) else { throw StoreError(.corrupt, "inbox row with an unknown status") }
                return InboxRecord(entry: Self.inboxEntry(row), status: status, detail: row["detail"])
            }
        }
    }

    static func inboxEntry(_ row: Row) -> InboxEntry {
        InboxEntry(provider: ProviderID(row["provider"] as String), dedupeKey: row["dedupe_key"], reference: row["reference"],
                   event: row["event"], body: row["body"], receivedAt: Timestamp.date(millis: row["received_at"]))
    }

    public func unmatchedNotifications(limit: Int) async throws(StoreError) -> [InboxEntry] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE status = 'unknown_payment' ORDER BY id DESC LIMIT ?"),
                             arguments: [limit]).map(Self.inboxEntry)
        }
    }
}
