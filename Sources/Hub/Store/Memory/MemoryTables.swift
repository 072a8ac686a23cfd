import Foundation

/// Everything a `MemoryStore` holds, as plain values: the rows of each table in insertion order (a row's position
/// plus one is its id, as SQLite's rowids are) and the indexes the queries and the unique keys need.
///
/// Times are kept to the millisecond, as SQLite keeps them, so both stores compare and return the same instants.
struct MemoryTables: Sendable {
    var payments: [PaymentRecord] = []
    var paymentRows: [PaymentID: Int] = [:]
    var paymentsByKey: [String: Int] = [:]
    var paymentsByRefundKey: [String: Int] = [:]
    var paymentsOfWallet: [WalletID: [Int]] = [:]

    var attempts: [PaymentAttempt] = []
    var attemptsOfPayment: [PaymentID: [Int]] = [:]
    /// Provider and our reference: unique, as in SQLite.
    var attemptsByReference: [ProviderKey: Int] = [:]

    var anomalies: [Anomaly] = []
    var resolutions: [PaymentResolution] = []
    /// Append-only: a record's id is its position plus one.
    var auditTrail: [AuditRecord] = []

    /// An event's sequence is its position plus one.
    var outbox: [OutboxEvent] = []
    var eventsByID: [String: Int] = [:]

    var inbox: [InboxRow] = []
    var inboxByKey: [ProviderKey: Int] = [:]
    var inboxOfPayment: [PaymentID: [Int]] = [:]

    var accounts: [LedgerAccount] = []
    var accountsByName: [AccountKey: Int] = [:]
    var accountsNamed: [String: [Int]] = [:]
    var transfers: [LedgerTransfer] = []
    var transfersOfAccount: [Int64: [Int]] = [:]
    var holdsOfPayment: [PaymentID: [Int64]] = [:]
    /// Hold id to the id of the `post` or `void` that resolved it: a hold is resolved at most once.
    var resolvedHolds: [Int64: Int64] = [:]

    func record(_ id: PaymentID) -> PaymentRecord? { paymentRows[id].map { payments[$0] } }

    func attempts(of id: PaymentID) -> [PaymentAttempt] {
        (attemptsOfPayment[id] ?? []).map { attempts[$0] }.sorted { $0.number < $1.number }
    }

    func account(id: Int64) -> LedgerAccount? {
        id >= 1 && id <= Int64(accounts.count) ? accounts[Int(id) - 1] : nil
    }

    func account(named name: String, currency: Currency) -> LedgerAccount? {
        accountsByName[AccountKey(name: name, currency: currency.code)].map { accounts[$0] }
    }
}

/// A name unique per provider: an attempt's reference, an inbox row's dedupe key.
struct ProviderKey: Hashable, Sendable {
    var provider: ProviderID
    var key: String
}

struct AccountKey: Hashable, Sendable {
    var name: String
    var currency: String
}

/// A verified notification as the inbox keeps it, with the payment it was matched to and what it did.
struct InboxRow: Sendable {
    var entry: InboxEntry
    var paymentID: PaymentID?
    var status: InboxStatus
    var detail: String?
}

extension Date {
    /// The instant as the stores keep it: whole milliseconds since 1970, rounded as `Timestamp.millis` rounds.
    var storedMillis: Date { Timestamp.date(millis: Timestamp.millis(self)) }

    /// Whether a schedule set for this instant is due at `now`, compared to the millisecond as SQLite compares.
    func isDue(at now: Date) -> Bool { Timestamp.millis(self) <= Timestamp.millis(now) }
}

extension Sequence {
    /// The first `limit` elements, or all of them when `limit` is negative: SQL's `LIMIT` reads a negative bound as none.
    func prefix(sqlLimit limit: Int) -> [Element] { limit < 0 ? Array(self) : Array(prefix(limit)) }
}
