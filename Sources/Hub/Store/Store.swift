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

    /// The payment an idempotency key created, or `nil`; a key used with other parameters (`requestHash`) is an
    /// `idempotencyConflict`.
    func payment(idempotencyKey: String, requestHash: String) async throws(StoreError) -> Payment?

    /// Runs an input through `PaymentStateMachine` against the payment's current state and writes what it
    /// decides (state, ledger, event, anomaly) in one transaction.
    ///
    /// `attempt` names the attempt the input speaks of (our reference or the provider's transaction id); an
    /// input about an attempt that is no longer current only updates that attempt, and one saying money moved
    /// there is an anomaly that flags the payment for review. Every anomaly flags the payment. After a
    /// transition a notification held for the new state is applied in the same transaction. `nextPollAt`, when
    /// given, is when the poller asks next if the payment is still open.
    func apply(_ input: PaymentInput, to paymentID: PaymentID, attempt: String?, source: String, at time: Date,
               nextPollAt: Date?) async throws(StoreError) -> ApplyResult

    /// Records a verified notification in the inbox under its dedupe key and, in the same transaction, acts on
    /// it and records what it did (`InboxStatus`). A notification already in the inbox changes nothing
    /// (`duplicate`); one for a payment the hub does not know, or that asks nothing, is kept and applied to
    /// nothing.
    func receiveNotification(_ entry: InboxEntry, action: NotificationAction?, paymentID: PaymentID?, at time: Date) async throws(StoreError) -> NotificationReceipt

    /// Verified notifications kept because no payment matched them, newest first.
    func unmatchedNotifications(limit: Int) async throws(StoreError) -> [InboxEntry]

    /// A payment's verified notifications, oldest first, each with what it did.
    func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord]

    /// Starts the refund of a succeeded top-up: checks that the wallet's available balance covers it and
    /// holds that amount, in one transaction, so the money cannot be spent while the provider refunds it.
    /// A repeat of the same idempotency key returns the refund already started.
    /// Until `leaseUntil` the refund's send is in flight and the poller leaves it alone; after it, a refund
    /// still `requested` is taken as abandoned by a crash and sent again under the same reference.
    func beginRefund(of paymentID: PaymentID, idempotencyKey: String, reference: String, at time: Date,
                     leaseUntil: Date) async throws(StoreError) -> RefundStart

    /// Writes what the provider said of the refund in flight, in one transaction: pending (the provider's refund
    /// id kept, the wallet told `payment.refund_requested`), succeeded (the hold posted: the payment is
    /// reversed), or failed (the hold voided, `payment.refund_failed`). An outcome for no refund in flight, or
    /// repeating the one recorded, changes nothing; one contradicting a finished refund is an anomaly.
    func recordRefundOutcome(of paymentID: PaymentID, _ result: ProviderResult, source: String, at time: Date,
                             nextPollAt: Date) async throws(StoreError) -> ApplyResult

    /// Ends a refund that provably never reached the provider: the hold is released and the payment is
    /// refundable again; the idempotency key is kept, so a retry with it sends the refund (same reference).
    func refundNotSent(of paymentID: PaymentID, at time: Date) async throws(StoreError) -> Payment

    /// Claims up to `limit` refunds in flight (`requested` or `pending`) whose next check is due, moving it
    /// `lease` seconds ahead.
    func claimDueRefunds(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [DueRefund]
    /// Sets when the refund is checked next and counts the check.
    func scheduleRefundPoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError)

    /// Adds a new attempt at another provider after the attempt `after` was not sent (failover), and moves a
    /// withdrawal's hold to the new provider's clearing account. The send lease runs to `leaseUntil`.
    func addAttempt(to paymentID: PaymentID, after: String, provider: ProviderID, reference: String, at time: Date,
                    leaseUntil: Date) async throws(StoreError) -> Payment

    /// Marks the attempt `reference` as not sent (the provider never received it). False if the attempt is no
    /// longer the payment's current one still being sent: someone else moved the payment on.
    func markAttemptNotSent(_ paymentID: PaymentID, reference: String, at time: Date) async throws(StoreError) -> Bool

    /// Takes the send lease of a payment left `created` before sending its current attempt again: records when
    /// it left and keeps the poller away until `leaseUntil`. False if the payment is no longer `created` under
    /// that reference.
    func beginResend(_ paymentID: PaymentID, reference: String, at time: Date, leaseUntil: Date) async throws(StoreError) -> Bool

    func payment(_ id: PaymentID) async throws(StoreError) -> Payment?
    /// The payment whose attempt at `provider` carries `reference` (ours) or provider transaction id.
    func payment(provider: ProviderID, reference: String) async throws(StoreError) -> Payment?
    func attempts(of id: PaymentID) async throws(StoreError) -> [PaymentAttempt]
    /// Every attempt at `provider` created at or after `since`, with its payment, for reconciliation.
    func attempts(at provider: ProviderID, since: Date) async throws(StoreError) -> [(payment: Payment, attempt: PaymentAttempt)]
    /// A wallet's payments, newest first; `cursor` is the `nextCursor` of the previous page.
    func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment>
    /// Claims up to `limit` open (`created` or `pending`) payments whose next status poll is due, by moving
    /// their next poll `lease` seconds ahead, so another hub process on the same database skips them.
    func claimDuePayments(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [(payment: Payment, polls: Int)]
    /// Sets when the payment is polled next and counts the poll.
    func schedulePoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError)
    /// Settles a payment flagged for review as `outcome`, through the state machine (booking what the outcome
    /// implies), clears the flag and records who and why, in one transaction. A payment not flagged is refused
    /// (`conflict`), as is an outcome the state machine rejects.
    func resolve(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String, at time: Date) async throws(StoreError) -> ApplyResult
    /// Settles the refund in flight of a payment flagged for review (`succeeded` posts its hold and reverses the
    /// payment, `failed` voids it), clears the flag and records who and why, in one transaction.
    func resolveRefund(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String, at time: Date) async throws(StoreError) -> ApplyResult
    /// Payments flagged for review, the longest waiting first.
    func paymentsNeedingReview(limit: Int) async throws(StoreError) -> [Payment]
    /// Payments passing `query`, newest first (creation time, then id); `cursor` is the `nextCursor` of the
    /// previous page.
    func payments(matching query: PaymentQuery, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment>
    /// The payment with everything recorded about it, or `nil` when there is no such payment.
    func timeline(of id: PaymentID) async throws(StoreError) -> PaymentTimeline?
    /// The manual resolutions of a payment, oldest first.
    func resolutions(of id: PaymentID) async throws(StoreError) -> [PaymentResolution]

    /// Flags the payment for an operator: records `detail` as an anomaly and, the first time, sets
    /// `needs_review` and tells the wallet (`payment.needs_review`). Moves no money.
    func flagForReview(_ id: PaymentID, source: String, detail: String, at time: Date) async throws(StoreError)

    /// The wallet's balance per currency; empty if the wallet never had a ledger entry.
    func balances(wallet: WalletID) async throws(StoreError) -> [AccountBalance]
    /// Any ledger account's balance (`wallet:<id>`, `provider:<id>:clearing`), or `nil` if it has no entry yet.
    func balance(account: String, currency: Currency) async throws(StoreError) -> AccountBalance?
    /// The wallet's ledger lines, oldest first.
    func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<LedgerLine>
    /// Checks every ledger invariant from the stored transfers.
    func verifyLedger() async throws(StoreError) -> LedgerVerification
    func anomalies(limit: Int) async throws(StoreError) -> [Anomaly]
    /// Events in the outbox, oldest first: all of them, those still to deliver, or the dead ones.
    func outbox(_ filter: OutboxFilter, limit: Int) async throws(StoreError) -> [OutboxEvent]
    /// Claims due events for delivery, at most one per payment and only the oldest undelivered one of each
    /// payment (so a payment's events arrive in order), moving their next attempt `lease` seconds ahead. A dead
    /// event counts as undelivered: it holds back its payment's later events until it is redelivered.
    func claimDueEvents(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [OutboxEvent]
    /// Records a delivery attempt: delivered, failed with a retry at `retryAt`, or failed for good (`retryAt` nil).
    func recordDelivery(of sequence: Int64, delivered: Bool, error: String?, retryAt: Date?, at time: Date) async throws(StoreError)
    /// Puts a dead (or any undelivered) event back in the queue with a fresh schedule. Returns false if unknown.
    func redeliver(eventID: String, at time: Date) async throws(StoreError) -> Bool
    /// Appends a record to the audit trail in a transaction of its own, for an action that is not itself a store
    /// write in a transaction the record could join; returns it with its id. There is no way to change or remove one.
    func appendAudit(_ record: AuditRecord) async throws(StoreError) -> AuditRecord
    /// The audit trail, newest first: up to `limit` records, those with an id below `before` when it is given.
    func auditRecords(limit: Int, before: Int64?) async throws(StoreError) -> [AuditRecord]
    /// Queries the database and reports the migrations it has and lacks; throws if it does not answer.
    func readiness() async throws(StoreError) -> StoreReadiness
    /// The outbox backlog and open payments by age at `now`, for the metrics sampler.
    func gauges(now: Date) async throws(StoreError) -> StoreGauges
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
    /// How the provider was chosen, kept on the payment so the choice can be explained.
    public var routing: ProviderRouter.Decision?
    public var createdAt: Date
    /// When the poller should first ask the provider, if no callback settles the payment before.
    public var firstPollAt: Date

    public init(id: PaymentID, kind: PaymentKind, walletID: WalletID, amount: Money, counterparty: Counterparty,
                idempotencyKey: String, requestHash: String, provider: ProviderID, reference: String,
                metadata: [String: String], routing: ProviderRouter.Decision? = nil, createdAt: Date, firstPollAt: Date? = nil) {
        self.routing = routing
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

extension Store {
    public func apply(_ input: PaymentInput, to paymentID: PaymentID, source: String, at time: Date) async throws(StoreError) -> ApplyResult {
        try await apply(input, to: paymentID, attempt: nil, source: source, at: time, nextPollAt: nil)
    }
}

/// What a verified notification asks of its payment.
public enum NotificationAction: Sendable, Equatable {
    /// An outcome or a reversal, through the state machine.
    case payment(PaymentInput)
    /// How the payment's refund stands; `reference` names the refund when the provider said which.
    case refund(ProviderResult, reference: String?)
    /// Money moved outside the hub (a dispute, a partial refund): flag for review with this description.
    case review(String)
}

/// A refund in flight whose next check is due.
public struct DueRefund: Sendable {
    public var payment: Payment
    /// `requested` (maybe never sent: send again) or `pending` (ask the provider).
    public var state: String
    public var reference: String
    public var providerRefundID: String?
    public var originalProviderTransactionID: String?
    public var requestedAt: Date
    public var polls: Int

    package init(payment: Payment, state: String, reference: String, providerRefundID: String? = nil,
                 originalProviderTransactionID: String? = nil, requestedAt: Date, polls: Int) {
        self.payment = payment
        self.state = state
        self.reference = reference
        self.providerRefundID = providerRefundID
        self.originalProviderTransactionID = originalProviderTransactionID
        self.requestedAt = requestedAt
        self.polls = polls
    }
}

/// A verified provider notification as the inbox keeps it.
public struct InboxEntry: Sendable, Equatable {
    public var provider: ProviderID
    public var dedupeKey: String
    public var reference: String
    /// A short description of what it says: `outcome:succeeded`, `reversed`, `ignored:<type>`.
    public var event: String
    /// The raw body as received, for inspection.
    public var body: Data
    public var receivedAt: Date

    public init(provider: ProviderID, dedupeKey: String, reference: String, event: String, body: Data, receivedAt: Date) {
        self.provider = provider
        self.dedupeKey = dedupeKey
        self.reference = reference
        self.event = event
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// What a verified notification did, as the inbox records it.
public enum InboxStatus: String, Sendable, CaseIterable {
    /// It moved the payment (a transition, with its ledger entries and event).
    case applied
    /// It repeated what the payment already says.
    case unchanged
    /// It contradicted a final state: recorded as an anomaly, the payment flagged for review, no money moved.
    case anomaly
    /// It could not apply in the payment's current state (a refund reported before the success): kept, the
    /// payment flagged, and applied by the store when a later transition makes it possible.
    case held
    /// It reports money moved outside the hub (a dispute, a partial refund): the payment is flagged for review.
    case review
    /// An event type the hub does not act on.
    case ignored
    /// No payment matches it.
    case unknownPayment = "unknown_payment"
}

/// A notification in the inbox with what became of it.
public struct InboxRecord: Sendable, Equatable {
    public var entry: InboxEntry
    public var status: InboxStatus
    /// Why it was held, flagged or found contradictory.
    public var detail: String?

    package init(entry: InboxEntry, status: InboxStatus, detail: String? = nil) {
        self.entry = entry
        self.status = status
        self.detail = detail
    }
}

public enum NotificationReceipt: Sendable {
    case applied(ApplyResult)
    /// Already received under the same dedupe key: nothing changed.
    case duplicate
    /// Verified, but no payment matches (or the event is one the hub does not act on): kept, not applied.
    case kept
}

public struct RefundStart: Sendable {
    public var payment: Payment
    /// The refund's reference: the provider's idempotency key for it.
    public var reference: String
    /// The provider's id for the collection being refunded.
    public var providerTransactionID: String?
    /// True when the idempotency key had already started this refund.
    public var replayed: Bool
    /// `requested`, `pending`, `succeeded` or `failed`.
    public var state: String
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

/// An operator's settlement of a payment flagged for review, or of its refund.
public struct PaymentResolution: Sendable, Equatable {
    public enum Subject: String, Sendable { case payment, refund }

    public var paymentID: PaymentID
    public var subject: Subject
    public var resolvedAs: Resolution
    public var stateBefore: PaymentState
    public var reason: String
    public var `operator`: String
    public var createdAt: Date

    package init(paymentID: PaymentID, subject: Subject, resolvedAs: Resolution, stateBefore: PaymentState, reason: String,
                 operator: String, createdAt: Date) {
        self.paymentID = paymentID
        self.subject = subject
        self.resolvedAs = resolvedAs
        self.stateBefore = stateBefore
        self.reason = reason
        self.operator = `operator`
        self.createdAt = createdAt
    }
}

/// A contradictory or impossible input the hub refused to act on, kept for operators.
public struct Anomaly: Sendable, Equatable {
    public var paymentID: PaymentID
    public var source: String
    public var detail: String
    public var createdAt: Date

    package init(paymentID: PaymentID, source: String, detail: String, createdAt: Date) {
        self.paymentID = paymentID
        self.source = source
        self.detail = detail
        self.createdAt = createdAt
    }
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
    public var deliveryAttempts: Int
    public var nextAttemptAt: Date
    /// Set when the retry schedule ran out; the event stays for `hub events redeliver`.
    public var deadAt: Date?
    /// Why the last delivery failed: an HTTP status or a transport reason, never a body.
    public var lastError: String?

    package init(sequence: Int64, eventID: String, paymentID: PaymentID, type: PaymentEventType, payload: Data, createdAt: Date,
                 deliveredAt: Date? = nil, deliveryAttempts: Int, nextAttemptAt: Date, deadAt: Date? = nil, lastError: String? = nil) {
        self.sequence = sequence
        self.eventID = eventID
        self.paymentID = paymentID
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.deliveryAttempts = deliveryAttempts
        self.nextAttemptAt = nextAttemptAt
        self.deadAt = deadAt
        self.lastError = lastError
    }
}

public enum OutboxFilter: Sendable {
    case all, undelivered, dead
}

/// A page of results and the cursor of the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    package init(items: [Item], nextCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Why the store refused or failed. Descriptions carry no customer data.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case idempotencyConflict
        /// The request contradicts the payment's state (refunding a failed payment, a second refund).
        case conflict
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
