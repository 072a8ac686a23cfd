import Foundation
import Hub
import PostgresNIO

/// `StoreTransaction` over an open PostgreSQL transaction. Every payment and ledger account it reads is locked
/// (`FOR UPDATE`) until the transaction ends, so the rules' checks hold while they write, whatever other hubs do.
public struct PostgresTransaction: StoreTransaction {
    let session: PostgresSession

    public func payment(_ id: PaymentID) throws -> PaymentRecord? {
        try session.rows(sql: "SELECT \(Self.recordColumns) FROM payments WHERE id = $1 FOR UPDATE", [id.rawValue]).first.map(Self.record)
    }

    public func payment(idempotencyKey: String) throws -> PaymentRecord? {
        try session.rows(sql: "SELECT \(Self.recordColumns) FROM payments WHERE idempotency_key = $1 FOR UPDATE", [idempotencyKey])
            .first.map(Self.record)
    }

    public func payment(refundIdempotencyKey: String) throws -> PaymentID? {
        try session.rows(sql: "SELECT id FROM payments WHERE refund_idempotency_key = $1 FOR UPDATE", [refundIdempotencyKey])
            .first.map { PaymentID(rawValue: try $0.text("id")) }
    }

    public func insert(_ record: PaymentRecord) throws {
        let payment = record.payment
        try session.execute(sql: """
            INSERT INTO payments (id, kind, wallet_id, amount, currency, counterparty, idempotency_key, request_hash, routing, metadata,
                created_at, state, provider, provider_reference, failure_reason, failure_code, failure_message, needs_review, updated_at,
                next_poll_at, polls, refund_state, refund_reference, refund_idempotency_key, refund_provider_id, refund_requested_at,
                refund_next_poll_at, refund_polls)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25,
                $26, $27, $28)
            """, [payment.id.rawValue, payment.kind.rawValue, payment.walletID.rawValue, payment.amount.minorUnits,
                  payment.amount.currency.code, payment.counterparty.storageValue, payment.idempotencyKey, record.requestHash,
                  payment.routingJSON, try Self.metadataJSON(payment.metadata), Timestamp.millis(payment.createdAt)]
                + Self.mutableValues(record))
    }

    public func update(_ record: PaymentRecord) throws {
        try session.execute(sql: """
            UPDATE payments SET state = $1, provider = $2, provider_reference = $3, failure_reason = $4, failure_code = $5,
                failure_message = $6, needs_review = $7, updated_at = $8, next_poll_at = $9, polls = $10, refund_state = $11,
                refund_reference = $12, refund_idempotency_key = $13, refund_provider_id = $14, refund_requested_at = $15,
                refund_next_poll_at = $16, refund_polls = $17
            WHERE id = $18
            """, Self.mutableValues(record) + [record.payment.id.rawValue])
    }

    /// The values of the columns a payment's life changes, in the order both statements above name them.
    private static func mutableValues(_ record: PaymentRecord) -> [any PostgresBindable] {
        let payment = record.payment, refund = record.refund
        return [payment.state.rawValue, payment.provider.rawValue, payment.providerReference, payment.failure?.reason.rawValue,
                payment.failure?.providerCode, payment.failure?.message, payment.needsReview, Timestamp.millis(payment.updatedAt),
                Timestamp.millis(record.nextPollAt), record.polls, payment.refundState, refund.reference, refund.idempotencyKey,
                refund.providerID, refund.requestedAt.map(Timestamp.millis), refund.nextPollAt.map(Timestamp.millis), refund.polls]
    }

    static func metadataJSON(_ metadata: [String: String]) throws -> String {
        guard !metadata.isEmpty else { return "{}" }
        do { return String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self) } catch {
            throw StoreError(.database, "cannot encode the payment's metadata")
        }
    }

    /// The payment columns `PostgresStore.payment(_:)` reads, then the record's own.
    static let recordColumns = PostgresStore.paymentColumns
        + ", request_hash, next_poll_at, polls, refund_reference, refund_idempotency_key, refund_provider_id, refund_requested_at,"
        + " refund_next_poll_at, refund_polls"

    static func record(_ row: PostgresRandomAccessRow) throws -> PaymentRecord {
        PaymentRecord(
            payment: try PostgresStore.payment(row), requestHash: try row.text("request_hash"), nextPollAt: try row.date("next_poll_at"),
            polls: try row.count("polls"),
            refund: RefundRecord(reference: try row.optionalText("refund_reference"), idempotencyKey: try row.optionalText("refund_idempotency_key"),
                                 providerID: try row.optionalText("refund_provider_id"), requestedAt: try row.optionalDate("refund_requested_at"),
                                 nextPollAt: try row.optionalDate("refund_next_poll_at"), polls: try row.count("refund_polls")))
    }

    public func attempts(of paymentID: PaymentID) throws -> [PaymentAttempt] {
        try session.rows(sql: "SELECT * FROM attempts WHERE payment_id = $1 ORDER BY number", [paymentID.rawValue]).map(PostgresStore.attempt)
    }

    public func insert(_ attempt: PaymentAttempt) throws {
        try session.execute(sql: """
            INSERT INTO attempts (payment_id, number, provider, reference, provider_transaction_id, status, created_at, updated_at, sent_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [attempt.paymentID.rawValue, attempt.number, attempt.provider.rawValue, attempt.reference, attempt.providerTransactionID,
                  attempt.status.rawValue, Timestamp.millis(attempt.createdAt), Timestamp.millis(attempt.updatedAt),
                  Timestamp.millis(attempt.sentAt)])
    }

    public func update(_ attempt: PaymentAttempt) throws {
        try session.execute(sql: """
            UPDATE attempts SET provider_transaction_id = $1, status = $2, updated_at = $3, sent_at = $4 WHERE payment_id = $5 AND number = $6
            """, [attempt.providerTransactionID, attempt.status.rawValue, Timestamp.millis(attempt.updatedAt),
                  Timestamp.millis(attempt.sentAt), attempt.paymentID.rawValue, attempt.number])
    }

    public func insert(_ audit: AuditRecord) throws -> Int64 {
        let rows = try session.rows(sql: """
            INSERT INTO audit_log (actor, action, target, reason, before_summary, after_summary, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, [audit.actor, audit.action, audit.target, audit.reason, audit.before, audit.after, Timestamp.millis(audit.createdAt)])
        guard let id = try rows.first?.int("id") else { throw StoreError(.database, "the new audit record has no id") }
        return id
    }

    public func insert(_ anomaly: Anomaly) throws {
        try session.execute(sql: "INSERT INTO anomalies (payment_id, source, detail, created_at) VALUES ($1, $2, $3, $4)",
                            [anomaly.paymentID.rawValue, anomaly.source, anomaly.detail, Timestamp.millis(anomaly.createdAt)])
    }

    public func insert(_ resolution: PaymentResolution) throws {
        try session.execute(sql: """
            INSERT INTO payment_resolutions (payment_id, subject, resolved_as, state_before, reason, operator, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, [resolution.paymentID.rawValue, resolution.subject.rawValue, resolution.resolvedAs.rawValue, resolution.stateBefore.rawValue,
                  resolution.reason, resolution.operator, Timestamp.millis(resolution.createdAt)])
    }

    public func insert(_ event: OutboxDraft) throws {
        let millis = Timestamp.millis(event.createdAt)
        try session.execute(sql: """
            INSERT INTO outbox (event_id, payment_id, type, payload, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6)
            """, [event.eventID, event.paymentID.rawValue, event.type.rawValue, event.payload, millis, millis])
    }

    public func insertInbox(_ entry: InboxEntry, paymentID: PaymentID?, status: InboxStatus) throws -> Int64? {
        try session.rows(sql: """
            INSERT INTO webhook_inbox (provider, dedupe_key, reference, payment_id, event, status, body, received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (provider, dedupe_key) DO NOTHING RETURNING id
            """, [entry.provider.rawValue, entry.dedupeKey, entry.reference, paymentID?.rawValue, entry.event, status.rawValue, entry.body,
                  Timestamp.millis(entry.receivedAt)]).first.map { try $0.int("id") }
    }

    public func updateInbox(_ id: Int64, status: InboxStatus, detail: String?) throws {
        try session.execute(sql: "UPDATE webhook_inbox SET status = $1, detail = $2 WHERE id = $3", [status.rawValue, detail, id])
    }

    public func heldReversals(of paymentID: PaymentID) throws -> [HeldNotification] {
        try session.rows(sql: """
            SELECT id, provider FROM webhook_inbox WHERE payment_id = $1 AND status = 'held' AND event = 'reversed' ORDER BY id
            """, [paymentID.rawValue]).map { HeldNotification(id: try $0.int("id"), provider: ProviderID(try $0.text("provider"))) }
    }

    public func account(named name: String, currency: Currency) throws -> LedgerAccount? {
        try session.rows(sql: "SELECT \(Self.accountColumns) FROM ledger_accounts WHERE name = $1 AND currency = $2 FOR UPDATE",
                         [name, currency.code]).first.map(Self.account)
    }

    public func account(id: Int64) throws -> LedgerAccount? {
        try session.rows(sql: "SELECT \(Self.accountColumns) FROM ledger_accounts WHERE id = $1 FOR UPDATE", [id]).first.map(Self.account)
    }

    public func createAccount(named name: String, currency: Currency) throws -> LedgerAccount {
        let rows = try session.rows(sql: "INSERT INTO ledger_accounts (name, currency) VALUES ($1, $2) RETURNING id", [name, currency.code])
        guard let id = try rows.first?.int("id") else { throw StoreError(.database, "the new ledger account has no id") }
        return LedgerAccount(id: id, balance: AccountBalance(account: name, currency: currency))
    }

    public func updateBalances(_ account: LedgerAccount) throws {
        let balance = account.balance
        try session.execute(sql: """
            UPDATE ledger_accounts SET debits_posted = $1, credits_posted = $2, debits_pending = $3, credits_pending = $4 WHERE id = $5
            """, [balance.debitsPosted, balance.creditsPosted, balance.debitsPending, balance.creditsPending, account.id])
    }

    public func insert(_ transfer: LedgerTransfer) throws -> Int64 {
        let rows = try session.rows(sql: """
            INSERT INTO ledger_transfers
                (payment_id, kind, debit_account_id, credit_account_id, amount, currency, pending_id, flagged, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
            """, [transfer.paymentID?.rawValue, transfer.kind.rawValue, transfer.debitAccountID, transfer.creditAccountID,
                  transfer.amount.minorUnits, transfer.amount.currency.code, transfer.pendingID, transfer.flagged,
                  Timestamp.millis(transfer.createdAt)])
        guard let id = try rows.first?.int("id") else { throw StoreError(.database, "the new ledger transfer has no id") }
        return id
    }

    public func openHold(of paymentID: PaymentID) throws -> LedgerTransfer? {
        try session.rows(sql: """
            SELECT h.* FROM ledger_transfers h
            WHERE h.payment_id = $1 AND h.kind = 'hold' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.id)
            """, [paymentID.rawValue]).first.map(Self.transfer)
    }

    static let accountColumns = "id, name, currency, debits_posted, credits_posted, debits_pending, credits_pending"

    static func account(_ row: PostgresRandomAccessRow) throws -> LedgerAccount {
        let id = try row.int("id")
        guard let currency = Currency(code: try row.text("currency")) else {
            throw StoreError(.corrupt, "ledger account \(id) has an unknown currency")
        }
        return LedgerAccount(id: id, balance: AccountBalance(
            account: try row.text("name"), currency: currency, debitsPosted: try row.int("debits_posted"),
            creditsPosted: try row.int("credits_posted"), debitsPending: try row.int("debits_pending"),
            creditsPending: try row.int("credits_pending")))
    }

    static func transfer(_ row: PostgresRandomAccessRow) throws -> LedgerTransfer {
        let id = try row.int("id")
        guard let currency = Currency(code: try row.text("currency")), let kind = TransferKind(rawValue: try row.text("kind")),
              let amount = try? Money(minorUnits: try row.int("amount"), currency: currency) else {
            throw StoreError(.corrupt, "ledger transfer \(id) is unreadable")
        }
        return LedgerTransfer(id: id, kind: kind, debitAccountID: try row.int("debit_account_id"),
                              creditAccountID: try row.int("credit_account_id"), amount: amount,
                              paymentID: try row.optionalText("payment_id").map(PaymentID.init(rawValue:)),
                              pendingID: try row.optionalInt("pending_id"), flagged: try row.bool("flagged"),
                              createdAt: try row.date("created_at"))
    }
}
