import Foundation
import Hub
import PostgresNIO

/// Claims take what is due with `FOR UPDATE SKIP LOCKED` and move its lease in the same transaction: a row another
/// hub is claiming is skipped, not waited for, and once its lease is written no other claim takes it until it runs
/// out. What is due is taken earliest schedule first, ties in the order written (as SQLite's row ids order them).
extension PostgresStore {
    public func claimDuePayments(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [(payment: Payment, polls: Int)] {
        try await transaction { tx in
            let rows = try tx.session.rows(sql: """
                SELECT \(Self.paymentColumns), polls FROM payments WHERE state IN ('created', 'pending') AND next_poll_at <= $1
                ORDER BY next_poll_at, row_order LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [Timestamp.millis(now), Self.rowLimit(limit)])
            let claimed = try rows.map { (payment: try Self.payment($0), polls: try $0.count("polls")) }
            try tx.session.execute(sql: "UPDATE payments SET next_poll_at = $1 WHERE id = ANY($2)",
                                   [Timestamp.millis(now.addingTimeInterval(lease)), claimed.map(\.payment.id.rawValue)])
            return claimed
        }
    }

    public func schedulePoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try await transaction { tx in
            _ = try tx.session.execute(sql: "UPDATE payments SET next_poll_at = $1, polls = polls + $2 WHERE id = $3",
                                   [Timestamp.millis(time), countingPoll ? 1 : 0, id.rawValue])
        }
    }

    public func claimDueRefunds(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [DueRefund] {
        try await transaction { tx in
            let rows = try tx.session.rows(sql: """
                SELECT \(Self.paymentColumns), refund_reference, refund_provider_id, refund_requested_at, refund_polls FROM payments
                WHERE refund_state IN ('requested', 'pending') AND refund_next_poll_at <= $1
                ORDER BY refund_next_poll_at, row_order LIMIT $2 FOR UPDATE SKIP LOCKED
                """, [Timestamp.millis(now), Self.rowLimit(limit)])
            let due = try rows.map { row in
                let payment = try Self.payment(row)
                return DueRefund(payment: payment, state: payment.refundState ?? "requested", reference: try row.optionalText("refund_reference") ?? "",
                                 providerRefundID: try row.optionalText("refund_provider_id"),
                                 originalProviderTransactionID: try RefundRules.collectionTransactionID(tx, payment: payment),
                                 requestedAt: try row.optionalDate("refund_requested_at") ?? payment.updatedAt,
                                 polls: try row.count("refund_polls"))
            }
            try tx.session.execute(sql: "UPDATE payments SET refund_next_poll_at = $1 WHERE id = ANY($2)",
                                   [Timestamp.millis(now.addingTimeInterval(lease)), due.map(\.payment.id.rawValue)])
            return due
        }
    }

    public func scheduleRefundPoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try await transaction { tx in
            _ = try tx.session.execute(sql: "UPDATE payments SET refund_next_poll_at = $1, refund_polls = refund_polls + $2 WHERE id = $3",
                                   [Timestamp.millis(time), countingPoll ? 1 : 0, id.rawValue])
        }
    }

    public func outbox(_ filter: OutboxFilter, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try await run { session in
            let rows = switch filter {
            case .all: try session.rows(sql: "SELECT * FROM outbox ORDER BY sequence LIMIT $1", [Self.rowLimit(limit)])
            case .undelivered:
                try session.rows(sql: "SELECT * FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL ORDER BY sequence LIMIT $1", [Self.rowLimit(limit)])
            case .dead: try session.rows(sql: "SELECT * FROM outbox WHERE dead_at IS NOT NULL ORDER BY sequence LIMIT $1", [Self.rowLimit(limit)])
            }
            return try rows.map(Self.event)
        }
    }

    /// Only the oldest undelivered event of each payment is due, so a payment's events leave in order even across hubs:
    /// the claim locks the payment's earliest undelivered event, skipping it when another hub holds it.
    public func claimDueEvents(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try await transaction { tx in
            let rows = try tx.session.rows(sql: """
                SELECT o.* FROM outbox o
                WHERE o.delivered_at IS NULL AND o.dead_at IS NULL AND o.next_attempt_at <= $1
                  AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.payment_id = o.payment_id AND e.sequence < o.sequence
                                  AND e.delivered_at IS NULL)
                ORDER BY o.sequence LIMIT $2 FOR UPDATE OF o SKIP LOCKED
                """, [Timestamp.millis(now), Self.rowLimit(limit)])
            let events = try rows.map(Self.event)
            let leaseEnd = Timestamp.millis(now.addingTimeInterval(lease))
            try tx.session.execute(sql: "UPDATE outbox SET next_attempt_at = $1 WHERE sequence = ANY($2::BIGINT[])",
                                   [leaseEnd, events.map { String($0.sequence) }])
            return events
        }
    }

    public func recordDelivery(of sequence: Int64, delivered: Bool, error: String?, retryAt: Date?, at time: Date) async throws(StoreError) {
        try await transaction { tx in
            let now = Timestamp.millis(time)
            if delivered {
                try tx.session.execute(sql: """
                    UPDATE outbox SET delivered_at = $1, delivery_attempts = delivery_attempts + 1, last_error = NULL WHERE sequence = $2
                    """, [now, sequence])
            } else {
                try tx.session.execute(sql: """
                    UPDATE outbox SET delivery_attempts = delivery_attempts + 1, last_error = $1, next_attempt_at = $2, dead_at = $3
                    WHERE sequence = $4
                    """, [error, retryAt.map(Timestamp.millis) ?? now, retryAt == nil ? now : nil, sequence])
            }
        }
    }

    public func redeliver(eventID: String, at time: Date) async throws(StoreError) -> Bool {
        try await transaction { tx in
            try tx.session.execute(sql: """
                UPDATE outbox SET dead_at = NULL, delivered_at = NULL, delivery_attempts = 0, next_attempt_at = $1 WHERE event_id = $2
                """, [Timestamp.millis(time), eventID]) > 0
        }
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> OutboxEvent {
        guard let type = PaymentEventType(rawValue: try row.text("type")) else { throw StoreError(.corrupt, "outbox event has an unknown type") }
        return OutboxEvent(
            sequence: try row.int("sequence"), eventID: try row.text("event_id"), paymentID: PaymentID(rawValue: try row.text("payment_id")),
            type: type, payload: try row.bytes("payload"), createdAt: try row.date("created_at"),
            deliveredAt: try row.optionalDate("delivered_at"), deliveryAttempts: try row.count("delivery_attempts"),
            nextAttemptAt: try row.date("next_attempt_at"), deadAt: try row.optionalDate("dead_at"), lastError: try row.optionalText("last_error"))
    }
}
