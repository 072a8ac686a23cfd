import Foundation
import GRDB

/// `StoreTransaction` over an open SQLite transaction (one savepoint of a group commit). Statements are cached:
/// prepared once per connection, not per call.
public struct SQLiteTransaction: StoreTransaction {
    let db: Database

    public func payment(_ id: PaymentID) throws -> PaymentRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.recordColumns) FROM payments WHERE id = ?"), arguments: [id.rawValue])
            .map(Self.record)
    }

    public func payment(idempotencyKey: String) throws -> PaymentRecord? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.recordColumns) FROM payments WHERE idempotency_key = ?"),
                         arguments: [idempotencyKey]).map(Self.record)
    }

    public func payment(refundIdempotencyKey: String) throws -> PaymentID? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM payments WHERE refund_idempotency_key = ?"),
                            arguments: [refundIdempotencyKey]).map(PaymentID.init(rawValue:))
    }

    public func insert(_ record: PaymentRecord) throws {
        let payment = record.payment
        try db.cachedStatement(sql: """
            INSERT INTO payments (id, kind, wallet_id, amount, currency, counterparty, idempotency_key, request_hash, routing, metadata,
                created_at, state, provider, provider_reference, failure_reason, failure_code, failure_message, needs_review, updated_at,
                next_poll_at, polls, refund_state, refund_reference, refund_idempotency_key, refund_provider_id, refund_requested_at,
                refund_next_poll_at, refund_polls)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [payment.id.rawValue, payment.kind.rawValue, payment.walletID.rawValue, payment.amount.minorUnits,
                                     payment.amount.currency.code, payment.counterparty.storageValue, payment.idempotencyKey,
                                     record.requestHash, payment.routingJSON, try Self.metadataJSON(payment.metadata),
                                     Timestamp.millis(payment.createdAt)] + Self.mutableValues(record))
    }

    public func update(_ record: PaymentRecord) throws {
        try db.cachedStatement(sql: """
            UPDATE payments SET state = ?, provider = ?, provider_reference = ?, failure_reason = ?, failure_code = ?, failure_message = ?,
                needs_review = ?, updated_at = ?, next_poll_at = ?, polls = ?, refund_state = ?, refund_reference = ?,
                refund_idempotency_key = ?, refund_provider_id = ?, refund_requested_at = ?, refund_next_poll_at = ?, refund_polls = ?
            WHERE id = ?
            """).execute(arguments: Self.mutableValues(record) + [record.payment.id.rawValue])
    }

    /// The values of the columns a payment's life changes, in the order both statements above name them.
    private static func mutableValues(_ record: PaymentRecord) -> StatementArguments {
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

    /// The payment columns `SQLiteStore.payment(_:)` reads by position, then the record's own.
    static let recordColumns = SQLiteStore.paymentColumns
        + ", request_hash, next_poll_at, polls, refund_reference, refund_idempotency_key, refund_provider_id, refund_requested_at,"
        + " refund_next_poll_at, refund_polls"

    static func record(_ row: Row) throws -> PaymentRecord {
        let base = SQLiteStore.paymentColumnCount
        return PaymentRecord(
            payment: try SQLiteStore.payment(row), requestHash: row[base], nextPollAt: Timestamp.date(millis: row[base + 1]),
            polls: row[base + 2],
            refund: RefundRecord(reference: row[base + 3], idempotencyKey: row[base + 4], providerID: row[base + 5],
                                 requestedAt: (row[base + 6] as Int64?).map(Timestamp.date(millis:)),
                                 nextPollAt: (row[base + 7] as Int64?).map(Timestamp.date(millis:)), polls: row[base + 8]))
    }

    public func attempts(of paymentID: PaymentID) throws -> [PaymentAttempt] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attempts WHERE payment_id = ? ORDER BY number"), arguments: [paymentID.rawValue])
            .map(SQLiteStore.attempt)
    }

    public func insert(_ attempt: PaymentAttempt) throws {
        try db.cachedStatement(sql: """
            INSERT INTO attempts (payment_id, number, provider, reference, provider_transaction_id, status, created_at, updated_at, sent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [attempt.paymentID.rawValue, attempt.number, attempt.provider.rawValue, attempt.reference,
                                     attempt.providerTransactionID, attempt.status.rawValue, Timestamp.millis(attempt.createdAt),
                                     Timestamp.millis(attempt.updatedAt), Timestamp.millis(attempt.sentAt)])
    }

    public func update(_ attempt: PaymentAttempt) throws {
        try db.cachedStatement(sql: """
            UPDATE attempts SET provider_transaction_id = ?, status = ?, updated_at = ?, sent_at = ? WHERE payment_id = ? AND number = ?
            """).execute(arguments: [attempt.providerTransactionID, attempt.status.rawValue, Timestamp.millis(attempt.updatedAt),
                                     Timestamp.millis(attempt.sentAt), attempt.paymentID.rawValue, attempt.number])
    }

    public func insert(_ anomaly: Anomaly) throws {
        try db.cachedStatement(sql: "INSERT INTO anomalies (payment_id, source, detail, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [anomaly.paymentID.rawValue, anomaly.source, anomaly.detail, Timestamp.millis(anomaly.createdAt)])
    }

    public func insert(_ resolution: PaymentResolution) throws {
        try db.cachedStatement(sql: """
            INSERT INTO payment_resolutions (payment_id, subject, resolved_as, state_before, reason, operator, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [resolution.paymentID.rawValue, resolution.subject.rawValue, resolution.resolvedAs.rawValue,
                                     resolution.stateBefore.rawValue, resolution.reason, resolution.operator,
                                     Timestamp.millis(resolution.createdAt)])
    }

    public func insert(_ audit: AuditRecord) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (actor, action, target, reason, before_summary, after_summary, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [audit.actor, audit.action, audit.target, audit.reason, audit.before, audit.after,
                                     Timestamp.millis(audit.createdAt)])
        return db.lastInsertedRowID
    }

    public func insert(_ event: OutboxDraft) throws {
        let millis = Timestamp.millis(event.createdAt)
        try db.cachedStatement(sql: """
            INSERT INTO outbox (event_id, payment_id, type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.eventID, event.paymentID.rawValue, event.type.rawValue, event.payload, millis, millis])
    }

    public func insertInbox(_ entry: InboxEntry, paymentID: PaymentID?, status: InboxStatus) throws -> Int64? {
        try db.cachedStatement(sql: """
            INSERT INTO webhook_inbox (provider, dedupe_key, reference, payment_id, event, status, body, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, dedupe_key) DO NOTHING
            """).execute(arguments: [entry.provider.rawValue, entry.dedupeKey, entry.reference, paymentID?.rawValue, entry.event,
                                     status.rawValue, entry.body, Timestamp.millis(entry.receivedAt)])
        return db.changesCount == 1 ? db.lastInsertedRowID : nil
    }

    public func updateInbox(_ id: Int64, status: InboxStatus, detail: String?) throws {
        try db.cachedStatement(sql: "UPDATE webhook_inbox SET status = ?, detail = ? WHERE id = ?").execute(arguments: [status.rawValue, detail, id])
    }

    public func heldReversals(of paymentID: PaymentID) throws -> [HeldNotification] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, provider FROM webhook_inbox WHERE payment_id = ? AND status = 'held' AND event = 'reversed' ORDER BY id
            """), arguments: [paymentID.rawValue]).map { HeldNotification(id: $0["id"], provider: ProviderID($0["provider"] as String)) }
    }

    public func account(named name: String, currency: Currency) throws -> LedgerAccount? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.accountColumns) FROM ledger_accounts WHERE name = ? AND currency = ?"),
                         arguments: [name, currency.code]).map(Self.account)
    }

    public func account(id: Int64) throws -> LedgerAccount? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.accountColumns) FROM ledger_accounts WHERE id = ?"), arguments: [id])
            .map(Self.account)
    }

    public func createAccount(named name: String, currency: Currency) throws -> LedgerAccount {
        try db.cachedStatement(sql: "INSERT INTO ledger_accounts (name, currency) VALUES (?, ?)").execute(arguments: [name, currency.code])
        return LedgerAccount(id: db.lastInsertedRowID, balance: AccountBalance(account: name, currency: currency))
    }

    public func updateBalances(_ account: LedgerAccount) throws {
        let balance = account.balance
        try db.cachedStatement(sql: """
            UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ?, debits_pending = ?, credits_pending = ? WHERE id = ?
            """).execute(arguments: [balance.debitsPosted, balance.creditsPosted, balance.debitsPending, balance.creditsPending, account.id])
    }

    public func insert(_ transfer: LedgerTransfer) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO ledger_transfers
                (payment_id, kind, debit_account_id, credit_account_id, amount, currency, pending_id, flagged, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [transfer.paymentID?.rawValue, transfer.kind.rawValue, transfer.debitAccountID, transfer.creditAccountID,
                                     transfer.amount.minorUnits, transfer.amount.currency.code, transfer.pendingID, transfer.flagged,
                                     Timestamp.millis(transfer.createdAt)])
        return db.lastInsertedRowID
    }

    public func openHold(of paymentID: PaymentID) throws -> LedgerTransfer? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT h.* FROM ledger_transfers h
            WHERE h.payment_id = ? AND h.kind = 'hold' AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.id)
            """), arguments: [paymentID.rawValue]).map(Self.transfer)
    }

    static let accountColumns = "id, name, currency, debits_posted, credits_posted, debits_pending, credits_pending"

    static func account(_ row: Row) throws -> LedgerAccount {
        guard let currency = Currency(code: row[2]) else { throw StoreError(.corrupt, "ledger account \(row[0] as Int64) has an unknown currency") }
        return LedgerAccount(id: row[0], balance: AccountBalance(account: row[1], currency: currency, debitsPosted: row[3], creditsPosted: row[4],
                                                                 debitsPending: row[5], creditsPending: row[6]))
    }

    static func transfer(_ row: Row) throws -> LedgerTransfer {
        guard let currency = Currency(code: row["currency"]), let kind = TransferKind(rawValue: row["kind"]),
              let amount = try? Money(minorUnits: row["amount"], currency: currency) else {
            throw StoreError(.corrupt, "ledger transfer \(row["id"] as Int64) is unreadable")
        }
        return LedgerTransfer(id: row["id"], kind: kind, debitAccountID: row["debit_account_id"], creditAccountID: row["credit_account_id"],
                              amount: amount, paymentID: (row["payment_id"] as String?).map(PaymentID.init(rawValue:)),
                              pendingID: row["pending_id"], flagged: row["flagged"], createdAt: Timestamp.date(millis: row["created_at"]))
    }
}

extension SQLiteStore: TransactionalStore {
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLiteTransaction) throws -> T) async throws(StoreError) -> T {
        try await write { db in try body(SQLiteTransaction(db: db)) }
    }
}
