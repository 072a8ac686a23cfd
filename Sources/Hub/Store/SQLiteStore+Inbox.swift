import Foundation
import GRDB

extension SQLiteStore {
    public func receiveNotification(_ entry: InboxEntry, input: PaymentInput?, paymentID: PaymentID?, at time: Date) async throws(StoreError) -> NotificationReceipt {
        try await write { db in
            let status = paymentID == nil ? "unknown_payment" : input == nil ? "ignored" : "applied"
            try db.cachedStatement(sql: """
                INSERT INTO webhook_inbox (provider, dedupe_key, reference, payment_id, event, status, body, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, dedupe_key) DO NOTHING
                """).execute(arguments: [entry.provider.rawValue, entry.dedupeKey, entry.reference, paymentID?.rawValue, entry.event,
                                 status, entry.body, Timestamp.millis(entry.receivedAt)])
            guard db.changesCount == 1 else { return .duplicate }
            guard let paymentID, let input else { return .kept }
            return .applied(try Self.apply(db, input, to: paymentID, source: "\(entry.provider):notification", at: time))
        }
    }

    public func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE payment_id = ? ORDER BY id"),
                             arguments: [paymentID.rawValue]).map { row in
                guard let status = InboxStatus(rawValue: row["status"]) else { throw StoreError(.corrupt, "inbox row with an unknown status") }
                return InboxRecord(entry: Self.inboxEntry(row), status: status, detail: row.hasColumn("detail") ? row["detail"] : nil)
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
