import Foundation
import Hub
import PostgresNIO

/// The store's reads, and the claims and schedules outside the money rules. Lists break ties as SQLite does (in the
/// order rows were written), so both stores answer a caller alike.
extension PostgresStore {
    public func payment(_ id: PaymentID) async throws(StoreError) -> Payment? {
        try await run { session in
            try session.rows(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = $1", [id.rawValue]).first.map(Self.payment)
        }
    }

    public func payment(provider: ProviderID, reference: String) async throws(StoreError) -> Payment? {
        try await run { session in
            let byReference = try session.rows(sql: """
                SELECT \(Self.paymentColumnsOfP) FROM attempts a JOIN payments p ON p.id = a.payment_id WHERE a.provider = $1 AND a.reference = $2
                """, [provider.rawValue, reference]).first
            let row = try byReference ?? session.rows(sql: """
                SELECT \(Self.paymentColumnsOfP) FROM attempts a JOIN payments p ON p.id = a.payment_id
                WHERE a.provider = $1 AND a.provider_transaction_id = $2 ORDER BY a.row_order LIMIT 1
                """, [provider.rawValue, reference]).first
            return try row.map(Self.payment)
        }
    }

    public func attempts(of id: PaymentID) async throws(StoreError) -> [PaymentAttempt] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM attempts WHERE payment_id = $1 ORDER BY number", [id.rawValue]).map(Self.attempt)
        }
    }

    public func attempts(at provider: ProviderID, since: Date) async throws(StoreError) -> [(payment: Payment, attempt: PaymentAttempt)] {
        try await run { session in
            let attempts = try session.rows(sql: """
                SELECT * FROM attempts WHERE provider = $1 AND created_at >= $2 ORDER BY created_at, row_order
                """, [provider.rawValue, Timestamp.millis(since)]).map(Self.attempt)
            var payments: [String: Payment] = [:]
            for row in try session.rows(sql: """
                SELECT \(Self.paymentColumns) FROM payments WHERE id IN (SELECT payment_id FROM attempts WHERE provider = $1 AND created_at >= $2)
                """, [provider.rawValue, Timestamp.millis(since)]) {
                let payment = try Self.payment(row)
                payments[payment.id.rawValue] = payment
            }
            return attempts.compactMap { attempt in payments[attempt.paymentID.rawValue].map { ($0, attempt) } }
        }
    }

    static func attempt(_ row: PostgresRandomAccessRow) throws -> PaymentAttempt {
        PaymentAttempt(
            paymentID: PaymentID(rawValue: try row.text("payment_id")), number: Int(try row.int("number")),
            provider: ProviderID(try row.text("provider")), reference: try row.text("reference"),
            providerTransactionID: try row.optionalText("provider_transaction_id"),
            status: PaymentAttempt.Status(rawValue: try row.text("status")) ?? .pending,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), sentAt: try row.optionalDate("sent_at"))
    }

    public func payment(idempotencyKey: String, requestHash: String) async throws(StoreError) -> Payment? {
        try await run { session in
            guard let row = try session.rows(sql: "SELECT \(Self.paymentColumns), request_hash FROM payments WHERE idempotency_key = $1",
                                             [idempotencyKey]).first else { return nil }
            guard try row.text("request_hash") == requestHash else {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used with other parameters")
            }
            return try Self.payment(row)
        }
    }

    public func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        return try await run { session in
            let rows = if let after {
                try session.rows(sql: """
                    SELECT \(Self.paymentColumns) FROM payments WHERE wallet_id = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3))
                    ORDER BY created_at DESC, id DESC LIMIT $4
                    """, [wallet.rawValue, after.order, after.id, limit + 1])
            } else {
                try session.rows(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE wallet_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
                                 [wallet.rawValue, limit + 1])
            }
            let items = try rows.prefix(limit).map(Self.payment)
            let next = rows.count > limit ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func balances(wallet: WalletID) async throws(StoreError) -> [AccountBalance] {
        try await run { session in
            try session.rows(sql: "SELECT \(PostgresTransaction.accountColumns) FROM ledger_accounts WHERE name = $1 ORDER BY currency",
                             [wallet.accountName]).map { try PostgresTransaction.account($0).balance }
        }
    }

    public func balance(account: String, currency: Currency) async throws(StoreError) -> AccountBalance? {
        try await run { session in
            try session.rows(sql: "SELECT \(PostgresTransaction.accountColumns) FROM ledger_accounts WHERE name = $1 AND currency = $2",
                             [account, currency.code]).first.map { try PostgresTransaction.account($0).balance }
        }
    }

    public func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<LedgerLine> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }.map(\.order) ?? 0
        return try await run { session in
            let rows = try session.rows(sql: """
                SELECT t.*, a.name AS own_name, d.name AS debit_name, c.name AS credit_name
                FROM ledger_accounts a
                JOIN ledger_transfers t ON (t.debit_account_id = a.id OR t.credit_account_id = a.id)
                JOIN ledger_accounts d ON d.id = t.debit_account_id
                JOIN ledger_accounts c ON c.id = t.credit_account_id
                WHERE a.name = $1 AND t.id > $2 ORDER BY t.id LIMIT $3
                """, [wallet.accountName, after, limit + 1])
            let lines = try rows.prefix(limit).map { row throws -> LedgerLine in
                let id = try row.int("id")
                let isDebit = try row.text("debit_name") == row.text("own_name")
                guard let currency = Currency(code: try row.text("currency")), let kind = TransferKind(rawValue: try row.text("kind")) else {
                    throw StoreError(.corrupt, "ledger transfer \(id) is unreadable")
                }
                return LedgerLine(
                    transferID: id, kind: kind, direction: isDebit ? .debit : .credit,
                    amount: try Money(minorUnits: try row.int("amount"), currency: currency),
                    counterAccount: isDebit ? try row.text("credit_name") : try row.text("debit_name"),
                    paymentID: try row.optionalText("payment_id").map(PaymentID.init(rawValue:)),
                    flagged: try row.bool("flagged"), createdAt: try row.date("created_at"))
            }
            let next = rows.count > limit ? lines.last.map { PageCursor(order: $0.transferID, id: "").text } : nil
            return Page(items: lines, nextCursor: next)
        }
    }

    /// Reads the accounts and every transfer in one repeatable-read snapshot, so a ledger other hubs are writing
    /// is checked as it stood at one instant.
    public func verifyLedger() async throws(StoreError) -> LedgerVerification {
        try await run { session in
            try session.execute(sql: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { _ = try? session.execute(sql: "COMMIT") }
            let accounts = try session.rows(sql: "SELECT \(PostgresTransaction.accountColumns) FROM ledger_accounts ORDER BY id")
                .map(PostgresTransaction.account)
            var verifier = LedgerVerifier(accounts: accounts)
            var after: Int64 = 0
            while true {
                let rows = try session.rows(sql: "SELECT * FROM ledger_transfers WHERE id > $1 ORDER BY id LIMIT 5000", [after])
                for row in rows {
                    let id = try row.int("id")
                    do { verifier.add(try PostgresTransaction.transfer(row)) } catch { verifier.unreadable(id) }
                    after = id
                }
                if rows.count < 5000 { break }
            }
            return verifier.result()
        }
    }

    public func anomalies(limit: Int) async throws(StoreError) -> [Anomaly] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM anomalies ORDER BY id DESC LIMIT $1", [Self.rowLimit(limit)]).map { row in
                Anomaly(paymentID: PaymentID(rawValue: try row.text("payment_id")), source: try row.text("source"),
                        detail: try row.text("detail"), createdAt: try row.date("created_at"))
            }
        }
    }

    public func paymentsNeedingReview(limit: Int) async throws(StoreError) -> [Payment] {
        try await run { session in
            try session.rows(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE needs_review ORDER BY updated_at, row_order LIMIT $1",
                             [Self.rowLimit(limit)]).map(Self.payment)
        }
    }

    public func resolutions(of id: PaymentID) async throws(StoreError) -> [PaymentResolution] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM payment_resolutions WHERE payment_id = $1 ORDER BY id", [id.rawValue]).map { row in
                guard let outcome = Resolution(rawValue: try row.text("resolved_as")),
                      let state = PaymentState(rawValue: try row.text("state_before")),
                      let subject = PaymentResolution.Subject(rawValue: try row.text("subject")) else {
                    throw StoreError(.corrupt, "unreadable resolution of \(id)")
                }
                return PaymentResolution(paymentID: id, subject: subject, resolvedAs: outcome, stateBefore: state, reason: try row.text("reason"),
                                         operator: try row.text("operator"), createdAt: try row.date("created_at"))
            }
        }
    }

    public func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM webhook_inbox WHERE payment_id = $1 ORDER BY id", [paymentID.rawValue]).map { row in
                guard let status = InboxStatus(rawValue: try row.text("status")) else {
                    throw StoreError(.corrupt, "inbox row with an unknown status")
                }
                return InboxRecord(entry: try Self.inboxEntry(row), status: status, detail: try row.optionalText("detail"))
            }
        }
    }

    static func inboxEntry(_ row: PostgresRandomAccessRow) throws -> InboxEntry {
        InboxEntry(provider: ProviderID(try row.text("provider")), dedupeKey: try row.text("dedupe_key"), reference: try row.text("reference"),
                   event: try row.text("event"), body: try row.bytes("body"), receivedAt: try row.date("received_at"))
    }

    public func unmatchedNotifications(limit: Int) async throws(StoreError) -> [InboxEntry] {
        try await run { session in
            try session.rows(sql: "SELECT * FROM webhook_inbox WHERE status = 'unknown_payment' ORDER BY id DESC LIMIT $1", [Self.rowLimit(limit)])
                .map(Self.inboxEntry)
        }
    }

    public func gauges(now: Date) async throws(StoreError) -> StoreGauges {
        try await run { session in
            let outbox = try session.rows(sql: """
                SELECT COUNT(*) AS backlog, MIN(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL
                """).first
            let rows = try session.rows(sql: """
                SELECT CASE WHEN $1 - created_at < 60000 THEN 0 WHEN $1 - created_at < 300000 THEN 1
                            WHEN $1 - created_at < 3600000 THEN 2 ELSE 3 END::BIGINT AS band, COUNT(*) AS open
                FROM payments WHERE state IN ('created', 'pending') GROUP BY band
                """, [Timestamp.millis(now)])
            let bands = StoreGauges.PendingAge.allCases
            var pending = Dictionary(uniqueKeysWithValues: bands.map { ($0, 0) })
            for row in rows { pending[bands[Int(try row.int("band"))]] = try row.count("open") }
            return StoreGauges(outboxBacklog: try outbox?.count("backlog") ?? 0, oldestUndeliveredAt: try outbox?.optionalDate("oldest"),
                               pendingPayments: pending)
        }
    }

    /// The shared setting `name`: the value stored by whichever hub wrote it first, or `proposed`, stored now if
    /// none did. Hubs starting together all get the same value.
    public func sharedSetting(_ name: String, proposing proposed: String) async throws(StoreError) -> String {
        try await transaction { tx in
            _ = try tx.session.execute(sql: """
                INSERT INTO hub_settings (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING
                """, [name, proposed, Timestamp.millis(Date())])
            guard let value = try tx.session.rows(sql: "SELECT value FROM hub_settings WHERE name = $1", [name]).first else {
                throw StoreError(.database, "the shared setting \(name) was not stored")
            }
            return try value.text("value")
        }
    }

    /// The columns `payment(_:)` reads.
    static let paymentColumns = paymentColumnNames.joined(separator: ", ")
    /// `paymentColumns` of a table aliased `p`.
    static let paymentColumnsOfP = paymentColumnNames.map { "p." + $0 }.joined(separator: ", ")
    private static let paymentColumnNames = [
        "id", "kind", "wallet_id", "amount", "currency", "counterparty", "state", "idempotency_key", "provider", "provider_reference",
        "failure_reason", "failure_code", "failure_message", "needs_review", "refund_state", "routing", "metadata", "created_at", "updated_at",
    ]

    static func payment(_ row: PostgresRandomAccessRow) throws -> Payment {
        let id = try row.text("id")
        guard let currency = Currency(code: try row.text("currency")), let kind = PaymentKind(rawValue: try row.text("kind")),
              let state = PaymentState(rawValue: try row.text("state"))
        else { throw StoreError(.corrupt, "payment \(id) is unreadable") }
        let failure = try row.optionalText("failure_reason").flatMap(FailureReason.init(rawValue:)).map {
            PaymentFailure(reason: $0, providerCode: try row.optionalText("failure_code"), message: try row.optionalText("failure_message") ?? "")
        }
        let metadataJSON = try row.text("metadata")
        let metadata = metadataJSON == "{}" ? [:] : (try? JSONDecoder().decode([String: String].self, from: Data(metadataJSON.utf8))) ?? [:]
        return Payment(
            id: PaymentID(rawValue: id), kind: kind, walletID: try WalletID(try row.text("wallet_id")),
            amount: try Money(minorUnits: try row.int("amount"), currency: currency),
            counterparty: try Counterparty(storageValue: try row.text("counterparty")), state: state,
            idempotencyKey: try row.text("idempotency_key"), provider: ProviderID(try row.text("provider")),
            providerReference: try row.text("provider_reference"), failure: failure, needsReview: try row.bool("needs_review"),
            refundState: try row.optionalText("refund_state"), routingJSON: try row.optionalText("routing"), metadata: metadata,
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
