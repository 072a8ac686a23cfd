import Foundation

/// Which payments a listing shows: every field left `nil` matches all. Used by the operator console.
public struct PaymentQuery: Sendable, Equatable {
    public var state: PaymentState?
    public var kind: PaymentKind?
    public var provider: ProviderID?
    public var wallet: WalletID?
    public var needsReview: Bool?
    /// Created at or after.
    public var createdFrom: Date?
    /// Created before.
    public var createdBefore: Date?

    public init(state: PaymentState? = nil, kind: PaymentKind? = nil, provider: ProviderID? = nil, wallet: WalletID? = nil,
                needsReview: Bool? = nil, createdFrom: Date? = nil, createdBefore: Date? = nil) {
        self.state = state
        self.kind = kind
        self.provider = provider
        self.wallet = wallet
        self.needsReview = needsReview
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
    }

    /// Whether a payment passes the query, to the millisecond as the stores keep times.
    public func matches(_ payment: Payment) -> Bool {
        let created = Timestamp.millis(payment.createdAt)
        return (state.map { $0 == payment.state } ?? true)
            && (kind.map { $0 == payment.kind } ?? true)
            && (provider.map { $0 == payment.provider } ?? true)
            && (wallet.map { $0 == payment.walletID } ?? true)
            && (needsReview.map { $0 == payment.needsReview } ?? true)
            && (createdFrom.map { created >= Timestamp.millis($0) } ?? true)
            && (createdBefore.map { created < Timestamp.millis($0) } ?? true)
    }
}

/// Everything the store knows about one payment, for the page an operator opens first: its attempts, the
/// notifications matched to it, the ledger transfers it booked, the events sent to the wallet, the anomalies and the
/// manual resolutions. Each list is oldest first.
public struct PaymentTimeline: Sendable, Equatable {
    public var payment: Payment
    public var attempts: [PaymentAttempt]
    public var notifications: [InboxRecord]
    public var transfers: [TimelineTransfer]
    public var events: [OutboxEvent]
    public var anomalies: [Anomaly]
    public var resolutions: [PaymentResolution]

    public init(payment: Payment, attempts: [PaymentAttempt], notifications: [InboxRecord], transfers: [TimelineTransfer],
                events: [OutboxEvent], anomalies: [Anomaly], resolutions: [PaymentResolution]) {
        self.payment = payment
        self.attempts = attempts
        self.notifications = notifications
        self.transfers = transfers
        self.events = events
        self.anomalies = anomalies
        self.resolutions = resolutions
    }
}

/// A ledger transfer of a payment, its accounts named.
public struct TimelineTransfer: Sendable, Equatable {
    public var id: Int64
    public var kind: TransferKind
    public var debitAccount: String
    public var creditAccount: String
    public var amount: Money
    /// The hold a `post` or `void` resolves.
    public var pendingID: Int64?
    public var flagged: Bool
    public var createdAt: Date

    public init(id: Int64, kind: TransferKind, debitAccount: String, creditAccount: String, amount: Money, pendingID: Int64?,
                flagged: Bool, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.pendingID = pendingID
        self.flagged = flagged
        self.createdAt = createdAt
    }
}
