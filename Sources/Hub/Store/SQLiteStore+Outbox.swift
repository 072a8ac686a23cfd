import Foundation
import GRDB

extension SQLiteStore {
    public func outbox(_ filter: OutboxFilter, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try await read { db in
            let statement = switch filter {
            case .all: try db.cachedStatement(sql: "SELECT * FROM outbox ORDER BY sequence LIMIT ?")
            case .undelivered: try db.cachedStatement(sql: "SELECT * FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL ORDER BY sequence LIMIT ?")
            case .dead: try db.cachedStatement(sql: "SELECT * FROM outbox WHERE dead_at IS NOT NULL ORDER BY sequence LIMIT ?")
            }
            return try Row.fetchAll(statement, arguments: [limit]).map(Self.event)
        }
    }

    public func claimDueEvents(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT o.* FROM outbox o
                WHERE o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.payment_id = o.payment_id AND e.sequence < o.sequence
                                  AND e.delivered_at IS NULL)
                ORDER BY o.sequence LIMIT ?
                """), arguments: [Timestamp.millis(now), limit])
            let leaseEnd = Timestamp.millis(now.addingTimeInterval(lease))
            for row in rows {
                try db.cachedStatement(sql: "UPDATE outbox SET next_attempt_at = ? WHERE sequence = ?").execute(arguments: [leaseEnd, row["sequence"] as Int64])
            }
            return try rows.map(Self.event)
        }
    }

    public func recordDelivery(of sequence: Int64, delivered: Bool, error: String?, retryAt: Date?, at time: Date) async throws(StoreError) {
        try await write { db in
            let now = Timestamp.millis(time)
            if delivered {
                try db.cachedStatement(sql: """
                    UPDATE outbox SET delivered_at = ?, delivery_attempts = delivery_attempts + 1, last_error = NULL WHERE sequence = ?
                    """).execute(arguments: [now, sequence])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE outbox SET delivery_attempts = delivery_attempts + 1, last_error = ?, next_attempt_at = ?, dead_at = ?
                    WHERE sequence = ?
                    """).execute(arguments: [error, retryAt.map(Timestamp.millis) ?? now, retryAt == nil ? now : nil, sequence])
            }
        }
    }

    public func redeliver(eventID: String, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET dead_at = NULL, delivered_at = NULL, delivery_attempts = 0, next_attempt_at = ? WHERE event_id = ?
                """).execute(arguments: [Timestamp.millis(time), eventID])
            return db.changesCount > 0
        }
    }

    static func event(_ row: Row) throws -> OutboxEvent {
        guard let type = PaymentEventType(rawValue: row["type"]) else { throw StoreError(.corrupt, "outbox event has an unknown type") }
        return OutboxEvent(
            sequence: row["sequence"], eventID: row["event_id"], paymentID: PaymentID(rawValue: row["payment_id"]), type: type,
            payload: row["payload"], createdAt: Timestamp.date(millis: row["created_at"]),
            deliveredAt: (row["delivered_at"] as Int64?).map(Timestamp.date(millis:)),
            deliveryAttempts: row["delivery_attempts"], nextAttemptAt: Timestamp.date(millis: row["next_attempt_at"]),
            deadAt: (row["dead_at"] as Int64?).map(Timestamp.date(millis:)), lastError: row["last_error"])
    }
}
