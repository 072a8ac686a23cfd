import Foundation

/// The reads and writes the money rules need, inside one database transaction of a store.
///
/// The rules (`PaymentRules`, `LedgerRules`, `RefundRules`, `InboxRules`, `ResolutionRules`) are written once
/// against this protocol; each store implements it, not the rules. Everything done through one transaction commits
/// together or not at all, and its reads see its own writes. A payment or ledger account read through a transaction
/// is protected until it commits: no other transaction changes it in between (one writer at a time in SQLite and
/// in memory; a row lock in a database with concurrent writers), so a balance checked here is the balance the
/// transfer changes.
///
/// Errors thrown by an implementation are the database's; the rules throw `StoreError` for what they refuse.
public protocol StoreTransaction {
    /// A payment with the fields only the store keeps, or `nil`.
    func payment(_ id: PaymentID) throws -> PaymentRecord?
    /// The payment an idempotency key created.
    func payment(idempotencyKey: String) throws -> PaymentRecord?
    /// The payment whose refund an idempotency key started.
    func payment(refundIdempotencyKey: String) throws -> PaymentID?
    /// Inserts a new payment; its idempotency key must be new (a unique key refuses a second one).
    func insert(_ record: PaymentRecord) throws
    /// Writes every field of an existing payment.
    func update(_ record: PaymentRecord) throws

    /// The payment's attempts, in order.
    func attempts(of paymentID: PaymentID) throws -> [PaymentAttempt]
    /// Inserts an attempt; a provider's references are unique.
    func insert(_ attempt: PaymentAttempt) throws
    /// Writes an existing attempt (named by payment and number).
    func update(_ attempt: PaymentAttempt) throws

    func insert(_ anomaly: Anomaly) throws
    func insert(_ resolution: PaymentResolution) throws
    /// Appends a record to the audit trail (append-only: never updated or deleted) and returns its id.
    func insert(_ audit: AuditRecord) throws -> Int64
    /// Appends an event to the outbox, due at once.
    func insert(_ event: OutboxDraft) throws

    /// Records a notification in the inbox under its provider and dedupe key, and returns its row id; `nil` when
    /// one with that key is already there (nothing is written then).
    func insertInbox(_ entry: InboxEntry, paymentID: PaymentID?, status: InboxStatus) throws -> Int64?
    func updateInbox(_ id: Int64, status: InboxStatus, detail: String?) throws
    /// The payment's inbox rows held as reversals, oldest first.
    func heldReversals(of paymentID: PaymentID) throws -> [HeldNotification]

    /// A ledger account by name and currency.
    func account(named name: String, currency: Currency) throws -> LedgerAccount?
    func account(id: Int64) throws -> LedgerAccount?
    /// Creates an account with zero balances; the pair (name, currency) must be new.
    func createAccount(named name: String, currency: Currency) throws -> LedgerAccount
    /// Writes an account's maintained balances.
    func updateBalances(_ account: LedgerAccount) throws
    /// Appends a transfer (append-only: never updated) and returns its id, increasing with every insert.
    func insert(_ transfer: LedgerTransfer) throws -> Int64
    /// The payment's hold not yet posted or voided, if any.
    func openHold(of paymentID: PaymentID) throws -> LedgerTransfer?
}

/// A payment as a store keeps it: the payment and what only the store needs (the request digest, the poll and
/// refund schedules).
public struct PaymentRecord: Sendable, Equatable {
    public var payment: Payment
    public var requestHash: String
    /// When the poller asks next, while the payment is open; also the send lease of a payment being sent.
    public var nextPollAt: Date
    public var polls: Int
    public var refund: RefundRecord

    public init(payment: Payment, requestHash: String, nextPollAt: Date, polls: Int = 0, refund: RefundRecord = RefundRecord()) {
        self.payment = payment
        self.requestHash = requestHash
        self.nextPollAt = nextPollAt
        self.polls = polls
        self.refund = refund
    }
}

/// The refund of a top-up in flight or finished; its state is `Payment.refundState`.
public struct RefundRecord: Sendable, Equatable {
    /// Our reference for it: the provider's idempotency key.
    public var reference: String?
    public var idempotencyKey: String?
    /// The provider's id for the refund, once it gave one.
    public var providerID: String?
    public var requestedAt: Date?
    public var nextPollAt: Date?
    public var polls: Int = 0

    public init(reference: String? = nil, idempotencyKey: String? = nil, providerID: String? = nil, requestedAt: Date? = nil,
                nextPollAt: Date? = nil, polls: Int = 0) {
        self.reference = reference
        self.idempotencyKey = idempotencyKey
        self.providerID = providerID
        self.requestedAt = requestedAt
        self.nextPollAt = nextPollAt
        self.polls = polls
    }
}

/// A ledger account and its maintained balances.
public struct LedgerAccount: Sendable, Equatable {
    public var id: Int64
    public var balance: AccountBalance

    public init(id: Int64, balance: AccountBalance) {
        self.id = id
        self.balance = balance
    }
}

/// One ledger transfer as stored.
public struct LedgerTransfer: Sendable, Equatable {
    /// Zero until inserted.
    public var id: Int64
    public var kind: TransferKind
    public var debitAccountID: Int64
    public var creditAccountID: Int64
    public var amount: Money
    public var paymentID: PaymentID?
    /// The hold a `post` or `void` resolves.
    public var pendingID: Int64?
    /// Set on a booking that took a wallet below zero because the money had already left.
    public var flagged: Bool
    public var createdAt: Date

    public init(id: Int64 = 0, kind: TransferKind, debitAccountID: Int64, creditAccountID: Int64, amount: Money,
                paymentID: PaymentID?, pendingID: Int64? = nil, flagged: Bool = false, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.debitAccountID = debitAccountID
        self.creditAccountID = creditAccountID
        self.amount = amount
        self.paymentID = paymentID
        self.pendingID = pendingID
        self.flagged = flagged
        self.createdAt = createdAt
    }
}

/// An event for the wallet, as the rules write it.
public struct OutboxDraft: Sendable, Equatable {
    public var eventID: String
    public var paymentID: PaymentID
    public var type: PaymentEventType
    public var payload: Data
    public var createdAt: Date
}

/// An inbox row held until its payment can take it.
public struct HeldNotification: Sendable, Equatable {
    public var id: Int64
    public var provider: ProviderID

    public init(id: Int64, provider: ProviderID) {
        self.id = id
        self.provider = provider
    }
}
