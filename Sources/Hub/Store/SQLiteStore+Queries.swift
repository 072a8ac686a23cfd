import Foundation
import GRDB

extension SQLiteStore {
    public func payment(_ id: PaymentID) async throws(StoreError) -> Payment? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [id.rawValue]).map(Self.payment)
        }
    }

    public func payment(provider: ProviderID, reference: String) async throws(StoreError) -> Payment? {
        // Two lookups, each on its own index: an OR of the two columns makes SQLite scan every attempt of
        // the provider (EXPLAIN QUERY PLAN shows it searching by provider alone).
        try await read { db in
            let byReference = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumnsOfP) FROM attempts a JOIN payments p ON p.id = a.payment_id WHERE a.provider = ? AND a.reference = ?
                """), arguments: [provider.rawValue, reference])
            let row = try byReference ?? Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumnsOfP) FROM attempts a JOIN payments p ON p.id = a.payment_id
                WHERE a.provider = ? AND a.provider_transaction_id = ? LIMIT 1
                """), arguments: [provider.rawValue, reference])
            return try row.map(Self.payment)
        }
    }

    public func attempts(of id: PaymentID) async throws(StoreError) -> [PaymentAttempt] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attempts WHERE payment_id = ? ORDER BY number"), arguments: [id.rawValue]).map(Self.attempt)
        }
    }

    public func attempts(at provider: ProviderID, since: Date) async throws(StoreError) -> [(payment: Payment, attempt: PaymentAttempt)] {
        try await read { db in
            let arguments: StatementArguments = [provider.rawValue, Timestamp.millis(since)]
            let attempts = try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM attempts WHERE provider = ? AND created_at >= ? ORDER BY created_at"),
                                            arguments: arguments).map(Self.attempt)
            var payments: [String: Payment] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumns) FROM payments WHERE id IN (SELECT payment_id FROM attempts WHERE provider = ? AND created_at >= ?)
                """), arguments: arguments) {
                let payment = try Self.payment(row)
                payments[payment.id.rawValue] = payment
            }
            return attempts.compactMap { attempt in payments[attempt.paymentID.rawValue].map { ($0, attempt) } }
        }
    }

    static func attempt(_ row: Row) -> PaymentAttempt {
        PaymentAttempt(
            paymentID: PaymentID(rawValue: row["payment_id"]), number: row["number"], provider: ProviderID(row["provider"] as String),
            reference: row["reference"], providerTransactionID: row["provider_transaction_id"],
            status: PaymentAttempt.Status(rawValue: row["status"]) ?? .pending,
            createdAt: Timestamp.date(millis: row["created_at"]), updatedAt: Timestamp.date(millis: row["updated_at"]),
            sentAt: (row["sent_at"] as Int64?).map(Timestamp.date(millis:)))
    }

    public func payment(idempotencyKey: String, requestHash: String) async throws(StoreError) -> Payment? {
        try await read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns), request_hash FROM payments WHERE idempotency_key = ?"),
                                             arguments: [idempotencyKey]) else { return nil }
            guard row["request_hash"] == requestHash else {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used with other parameters")
            }
            return try Self.payment(row)
        }
    }

    public func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        return try await read { db in
            let rows = if let after {
                try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT \(Self.paymentColumns) FROM payments WHERE wallet_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
                    ORDER BY created_at DESC, id DESC LIMIT ?
                    """), arguments: [wallet.rawValue, after.order, after.order, after.id, limit + 1])
            } else {
                try Row.fetchAll(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE wallet_id = ? ORDER BY created_at DESC, id DESC LIMIT ?"),
                                 arguments: [wallet.rawValue, limit + 1])
            }
            let items = try rows.prefix(limit).map(Self.payment)
            let next = rows.count > limit ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func balances(wallet: WalletID) async throws(StoreError) -> [AccountBalance] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT \(SQLiteTransaction.accountColumns) FROM ledger_accounts WHERE name = ? ORDER BY currency"),
                             arguments: [wallet.accountName]).map { try SQLiteTransaction.account($0).balance }
        }
    }

    public func balance(account: String, currency: Currency) async throws(StoreError) -> AccountBalance? {
        try await read { db in
            try SQLiteTransaction(db: db).account(named: account, currency: currency)?.balance
        }
    }

    public func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<LedgerLine> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }.map(\.order) ?? 0
        return try await read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.*, a.name AS own_name, d.name AS debit_name, c.name AS credit_name
                FROM ledger_accounts a
                JOIN ledger_transfers t ON (t.debit_account_id = a.id OR t.credit_account_id = a.id)
                JOIN ledger_accounts d ON d.id = t.debit_account_id
                JOIN ledger_accounts c ON c.id = t.credit_account_id
                WHERE a.name = ? AND t.id > ? ORDER BY t.id LIMIT ?
                """), arguments: [wallet.accountName, after, limit + 1])
            let lines = try rows.prefix(limit).map { row throws -> LedgerLine in
                let isDebit = row["debit_name"] == row["own_name"] as String
                guard let currency = Currency(code: row["currency"]), let kind = TransferKind(rawValue: row["kind"]) else {
                    throw StoreError(.corrupt, "ledger transfer \(row["id"] as Int64) is unreadable")
                }
                return LedgerLine(
                    transferID: row["id"], kind: kind, direction: isDebit ? .debit : .credit,
                    amount: try Money(minorUnits: row["amount"], currency: currency),
                    counterAccount: isDebit ? row["credit_name"] : row["debit_name"],
                    paymentID: (row["payment_id"] as String?).map(PaymentID.init(rawValue:)),
                    flagged: row["flagged"], createdAt: Timestamp.date(millis: row["created_at"]))
            }
            let next = rows.count > limit ? lines.last.map { PageCursor(order: $0.transferID, id: "").text } : nil
            return Page(items: lines, nextCursor: next)
        }
    }

    public func verifyLedger() async throws(StoreError) -> LedgerVerification {
        try await read { db in
            let accounts = try Row.fetchAll(db.cachedStatement(sql: "SELECT \(SQLiteTransaction.accountColumns) FROM ledger_accounts ORDER BY id"))
                .map(SQLiteTransaction.account)
            var verifier = LedgerVerifier(accounts: accounts)
            let transfers = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM ledger_transfers ORDER BY id"))
            while let row = try transfers.next() {
                do { verifier.add(try SQLiteTransaction.transfer(row)) } catch { verifier.unreadable(row["id"]) }
            }
            return verifier.result()
        }
    }

    public func anomalies(limit: Int) async throws(StoreError) -> [Anomaly] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM anomalies ORDER BY id DESC LIMIT ?"), arguments: [limit]).map { row in
                Anomaly(paymentID: PaymentID(rawValue: row["payment_id"]), source: row["source"], detail: row["detail"],
                        createdAt: Timestamp.date(millis: row["created_at"]))
            }
        }
    }

    /// The columns `payment(_:)` reads, by position: every query that builds a `Payment` selects these
    /// first (reading a copied row by column name costs a case-insensitive search per column). Columns a
    /// caller needs besides them come after, and are read by name.
    static let paymentColumns = paymentColumnNames.joined(separator: ", ")
    /// `paymentColumns` of a table aliased `p`.
    static let paymentColumnsOfP = paymentColumnNames.map { "p." + $0 }.joined(separator: ", ")
    static var paymentColumnCount: Int { paymentColumnNames.count }
    private static let paymentColumnNames = [
        "id", "kind", "wallet_id", "amount", "currency", "counterparty", "state", "idempotency_key", "provider", "provider_reference",
        "failure_reason", "failure_code", "failure_message", "needs_review", "refund_state", "routing", "metadata", "created_at", "updated_at",
    ]

    static func payment(_ row: Row) throws -> Payment {
        guard let currency = Currency(code: row[4]), let kind = PaymentKind(rawValue: row[1]),
              let state = PaymentState(rawValue: row[6])
        else { throw StoreError(.corrupt, "payment \(row[0] as String) is unreadable") }
        let failure = (row[10] as String?).flatMap(FailureReason.init(rawValue:)).map {
            PaymentFailure(reason: $0, providerCode: row[11], message: row[12] ?? "")
        }
        let metadataJSON: String = row[16]
        let metadata = metadataJSON == "{}" ? [:] : (try? JSONDecoder().decode([String: String].self, from: Data(metadataJSON.utf8))) ?? [:]
        return Payment(
            id: PaymentID(rawValue: row[0]), kind: kind, walletID: try WalletID(row[2]),
            amount: try Money(minorUnits: row[3], currency: currency),
            counterparty: try Counterparty(storageValue: row[5]), state: state,
            idempotencyKey: row[7], provider: ProviderID(row[8] as String),
            providerReference: row[9], failure: failure, needsReview: row[13],
            refundState: row[14], routingJSON: row[15], metadata: metadata,
            createdAt: Timestamp.date(millis: row[17]), updatedAt: Timestamp.date(millis: row[18]))
    }
}

/// An opaque pagination cursor: base64 of `order:id`.
package struct PageCursor {
    package var order: Int64
    package var id: String

    package init(order: Int64, id: String) {
        self.order = order
        self.id = id
    }

    package init(_ text: String) throws(StoreError) {
        guard let data = Data(base64Encoded: text), let plain = String(data: data, encoding: .utf8),
              let colon = plain.firstIndex(of: ":"), let order = Int64(plain[..<colon])
        else { throw StoreError(.invalidCursor, "the cursor is not one this API issued") }
        self.order = order
        self.id = String(plain[plain.index(after: colon)...])
    }

    package var text: String { Data("\(order):\(id)".utf8).base64EncodedString() }
}
