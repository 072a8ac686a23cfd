import Foundation

/// Durable storage of payments, their attempts, the ledger and the outbox.
///
/// Every method that changes state does so in one database transaction: a payment's transition, its ledger
/// transfers and its outbound event are written together or not at all.
public protocol Store: Sendable {
    /// Records a new payment and its first attempt (state `created`). For a withdrawal it also places the
    /// hold, checking the wallet's available balance inside the same transaction, so concurrent withdrawals
    /// cannot overdraw. A repeat of the same idempotency key returns the payment it created.
    func createPayment(_ draft: PaymentDraft) async throws(StoreError) -> CreatePaymentResult

    /// Runs an input through `PaymentStateMachine` against the payment's current state and writes what it
    /// decides (state, ledger, event, anomaly) in one transaction.
    func apply(_ input: PaymentInput, to paymentID: PaymentID, source: String, at time: Date) async throws(StoreError) -> ApplyResult

    /// Adds a new attempt at another provider after the current one was not sent (failover).
    func addAttempt(to paymentID: PaymentID, provider: ProviderID, reference: String, at time: Date) async throws(StoreError) -> Payment

    /// Marks the current attempt as not sent (the provider never received it).
    func markAttemptNotSent(_ paymentID: PaymentID, at time: Date) async throws(StoreError)

    func payment(_ id: PaymentID) async throws(StoreError) -> Payment?
    /// The payment whose attempt at `provider` carries `reference` (ours) or provider transaction id.
    func payment(provider: ProviderID, reference: String) async throws(StoreError) -> Payment?
    func attempts(of id: PaymentID) async throws(StoreError) -> [PaymentAttempt]
    /// A wallet's payments, newest first; `cursor` is the `nextCursor` of the previous page.
    func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment>
    /// Claims up to `limit` open (`created` or `pending`) payments whose next status poll is due, by moving
    /// their next poll `lease` seconds ahead, so another hub process on the same database skips them.
    func claimDuePayments(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [(payment: Payment, polls: Int)]
    /// Sets when the payment is polled next and counts the poll.
    func schedulePoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError)
    func setNeedsReview(_ id: PaymentID, at time: Date) async throws(StoreError)

    /// The wallet's balance per currency; empty if the wallet never had a ledger entry.
    func balances(wallet: WalletID) async throws(StoreError) -> [AccountBalance]
    /// The wallet's ledger lines, oldest first.
    func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<LedgerLine>
    /// Checks every ledger invariant from the stored transfers.
    func verifyLedger() async throws(StoreError) -> LedgerVerification
    func anomalies(limit: Int) async throws(StoreError) -> [Anomaly]
    func outbox(limit: Int) async throws(StoreError) -> [OutboxEvent]
    /// Queries the database and reports the migrations it has and lacks; throws if it does not answer.
    func readiness() async throws(StoreError) -> StoreReadiness
}

/// What a new payment needs. The id and first attempt reference are chosen by the caller.
public struct PaymentDraft: Sendable {
    public var id: PaymentID
    public var kind: PaymentKind
    public var walletID: WalletID
    public var amount: Money
    public var counterparty: Counterparty
    public var idempotencyKey: String
    /// A digest of the request's parameters; a repeat of the key with another digest is a conflict.
    public var requestHash: String
    public var provider: ProviderID
    public var reference: String
    public var metadata: [String: String]
    public var createdAt: Date
    /// When the poller should first ask the provider, if no callback settles the payment before.
    public var firstPollAt: Date

    public init(id: PaymentID, kind: PaymentKind, walletID: WalletID, amount: Money, counterparty: Counterparty,
                idempotencyKey: String, requestHash: String, provider: ProviderID, reference: String,
                metadata: [String: String], createdAt: Date, firstPollAt: Date? = nil) {
        self.firstPollAt = firstPollAt ?? createdAt
        self.id = id
        self.kind = kind
        self.walletID = walletID
        self.amount = amount
        self.counterparty = counterparty
        self.idempotencyKey = idempotencyKey
        self.requestHash = requestHash
        self.provider = provider
        self.reference = reference
        self.metadata = metadata
        self.createdAt = createdAt
    }
}

public enum CreatePaymentResult: Sendable {
    case created(Payment)
    /// The idempotency key was used before with the same parameters: the payment it created.
    case existing(Payment)
}

public struct ApplyResult: Sendable {
    public var payment: Payment
    public var decision: PaymentDecision
}

/// A contradictory or impossible input the hub refused to act on, kept for operators.
public struct Anomaly: Sendable, Equatable {
    public var paymentID: PaymentID
    public var source: String
    public var detail: String
    public var createdAt: Date
}

/// An event for the wallet backend, written in the same transaction as the transition it reports.
public struct OutboxEvent: Sendable, Equatable {
    public var sequence: Int64
    /// Stable across redeliveries: the wallet dedupes on it (`webhook-id`).
    public var eventID: String
    public var paymentID: PaymentID
    public var type: PaymentEventType
    /// The JSON body to deliver.
    public var payload: Data
    public var createdAt: Date
    public var deliveredAt: Date?
}

/// A page of results and the cursor of the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
}

/// Why the store refused or failed. Descriptions carry no customer data.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case idempotencyConflict
        case insufficientFunds
        case unknownWallet
        case notFound
        case invalidCursor
        case corrupt
        case database
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
