import Foundation
import Hub
import PostgresNIO

/// The operator console's reads and the audit trail. Every filter is a bound parameter of one fixed statement
/// (`$n IS NULL OR column = $n`), as in SQLite, so no query text is built from input.
extension PostgresStore {
    public func payments(matching query: PaymentQuery, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        let state = query.state?.rawValue, kind = query.kind?.rawValue, provider = query.provider?.rawValue
        let wallet = query.wallet?.rawValue, review = query.needsReview
        let from = query.createdFrom.map(Timestamp.millis), before = query.createdBefore.map(Timestamp.millis)
        let afterOrder = after?.order, afterID = after?.id
        return try await run { session in
            let rows = try session.rows(sql: """
                SELECT \(Self.paymentColumns) FROM payments
                WHERE ($1::text IS NULL OR state = $1) AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR provider = $3)
                  AND ($4::text IS NULL OR wallet_id = $4) AND ($5::boolean IS NULL OR needs_review = $5)
                  AND ($6::bigint IS NULL OR created_at >= $6) AND ($7::bigint IS NULL OR created_at < $7)
                  AND ($8::bigint IS NULL OR created_at < $8 OR (created_at = $8 AND id < $9::text))
                ORDER BY created_at DESC, id DESC LIMIT $10
                """, [state, kind, provider, wallet, review, from, before, afterOrder, afterID, Int64(limit + 1)])
            let items = try rows.prefix(limit).map(Self.payment)
            let next = rows.count > limit ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func timeline(of id: PaymentID) async throws(StoreError) -> PaymentTimeline? {
        try await run { session in
            try session.execute(sql: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? session.execute(sql: "COMMIT") }
            guard let payment = try session.rows(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = $1", [id.rawValue]).first
                .map(Self.payment) else { return nil }
            let attempts = try session.rows(sql: "SELECT * FROM attempts WHERE payment_id = $1 ORDER BY number", [id.rawValue]).map(Self.attempt)
            let notifications = try session.rows(sql: "SELECT * FROM webhook_inbox WHERE payment_id = $1 ORDER BY id", [id.rawValue]).map { row in
                guard let status = InboxStatus(rawValue: try row.text("status")) else { throw StoreError(.corrupt, "inbox row with an unknown status") }
                return InboxRecord(entry: try Self.inboxEntry(row), status: status, detail: try row.optionalText("detail"))
            }
            let transfers = try session.rows(sql: """
                SELECT t.*, d.name AS debit_name, c.name AS credit_name FROM ledger_transfers t
                JOIN ledger_accounts d ON d.id = t.debit_account_id JOIN ledger_accounts c ON c.id = t.credit_account_id
                WHERE t.payment_id = $1 ORDER BY t.id
                """, [id.rawValue]).map { row -> TimelineTransfer in
                let transfer = try PostgresTransaction.transfer(row)
                return TimelineTransfer(id: transfer.id, kind: transfer.kind, debitAccount: try row.text("debit_name"),
                                        creditAccount: try row.text("credit_name"), amount: transfer.amount, pendingID: transfer.pendingID,
                                        flagged: transfer.flagged, createdAt: transfer.createdAt)
            }
            let events = try session.rows(sql: "SELECT * FROM outbox WHERE payment_id = $1 ORDER BY sequence", [id.rawValue]).map(Self.event)
            let anomalies = try session.rows(sql: "SELECT * FROM anomalies WHERE payment_id = $1 ORDER BY id", [id.rawValue]).map { row in
                Anomaly(paymentID: id, source: try row.text("source"), detail: try row.text("detail"), createdAt: try row.date("created_at"))
            }
            let resolutions = try session.rows(sql: "SELECT * FROM payment_resolutions WHERE payment_id = $1 ORDER BY id", [id.rawValue]).map { row in
                guard let outcome = Resolution(rawValue: try row.text("resolved_as")),
                      let state = PaymentState(rawValue: try row.text("state_before")),
                      let subject = PaymentResolution.Subject(rawValue: try row.text("subject")) else {
                    throw StoreError(.corrupt, "unreadable resolution of \(id)")
                }
                return PaymentResolution(paymentID: id, subject: subject, resolvedAs: outcome, stateBefore: state, reason: try row.text("reason"),
                                         operator: try row.text("operator"), createdAt: try row.date("created_at"))
            }
            return PaymentTimeline(payment: payment, attempts: attempts, notifications: notifications, transfers: transfers,
                                   events: events, anomalies: anomalies, resolutions: resolutions)
        }
    }

    public func auditRecords(limit: Int, before: Int64?) async throws(StoreError) -> [AuditRecord] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2",
                             [before ?? Int64.max, Self.rowLimit(limit)]).map { row in
                AuditRecord(id: try row.int("id"), actor: try row.text("actor"), action: try row.text("action"), target: try row.text("target"),
                            reason: try row.optionalText("reason"), before: try row.optionalText("before_summary"),
                            after: try row.optionalText("after_summary"), createdAt: try row.date("created_at"))
            }
        }
    }
}
