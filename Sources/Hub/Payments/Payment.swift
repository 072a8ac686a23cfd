import Foundation

/// A payment as the hub records it. Amounts are in minor units of `amount.currency`.
public struct Payment: Sendable, Equatable {
    public var id: PaymentID
    public var kind: PaymentKind
    public var walletID: WalletID
    public var amount: Money
    public var counterparty: Counterparty
    public var state: PaymentState
    /// The wallet backend's `Idempotency-Key` for the request that created the payment.
    public var idempotencyKey: String
    /// The provider of the current attempt.
    public var provider: ProviderID
    /// The reference of the current attempt, as sent to the provider.
    public var providerReference: String
    public var failure: PaymentFailure?
    /// Set when a payment stayed pending past its provider's deadline: an operator must look at it.
    public var needsReview: Bool
    /// Where a refund of this payment stands (`requested`, `pending`, `succeeded`, `failed`), if one was asked for.
    public var refundState: String?
    /// How the provider was chosen: the rule, the candidates, and why others were skipped. Kept as the JSON
    /// the store holds (`routingJSON`) and decoded only when read, since only the API and CLI show it.
    public var routing: ProviderRouter.Decision? {
        get { routingJSON.flatMap { try? JSONDecoder().decode(ProviderRouter.Decision.self, from: Data($0.utf8)) } }
        set { routingJSON = newValue.flatMap(Self.encode) }
    }
    /// `routing` as stored.
    public var routingJSON: String?
    public var metadata: [String: String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: PaymentID, kind: PaymentKind, walletID: WalletID, amount: Money, counterparty: Counterparty,
        state: PaymentState, idempotencyKey: String, provider: ProviderID, providerReference: String,
        failure: PaymentFailure? = nil, needsReview: Bool = false, refundState: String? = nil, routing: ProviderRouter.Decision? = nil, metadata: [String: String] = [:],
        createdAt: Date, updatedAt: Date
    ) {
        self.init(id: id, kind: kind, walletID: walletID, amount: amount, counterparty: counterparty, state: state,
                  idempotencyKey: idempotencyKey, provider: provider, providerReference: providerReference, failure: failure,
                  needsReview: needsReview, refundState: refundState, routingJSON: routing.flatMap(Self.encode), metadata: metadata,
                  createdAt: createdAt, updatedAt: updatedAt)
    }

    /// A payment whose routing decision is given as stored JSON.
    public init(
        id: PaymentID, kind: PaymentKind, walletID: WalletID, amount: Money, counterparty: Counterparty,
        state: PaymentState, idempotencyKey: String, provider: ProviderID, providerReference: String,
        failure: PaymentFailure?, needsReview: Bool, refundState: String?, routingJSON: String?, metadata: [String: String],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.walletID = walletID
        self.amount = amount
        self.counterparty = counterparty
        self.state = state
        self.idempotencyKey = idempotencyKey
        self.provider = provider
        self.providerReference = providerReference
        self.failure = failure
        self.needsReview = needsReview
        self.refundState = refundState
        self.routingJSON = routingJSON
        self.metadata = metadata
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One try of a payment at one provider, under its own reference.
public struct PaymentAttempt: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Written before the request leaves; if the process dies here, the outcome must be asked for.
        case sending
        /// The request never reached the provider: safe to try the next one.
        case notSent = "not_sent"
        case pending
        case succeeded
        case failed
    }

    public var paymentID: PaymentID
    public var number: Int
    public var provider: ProviderID
    /// Our reference for this attempt (a UUIDv4), unique per provider; sent as the provider's idempotency key.
    public var reference: String
    /// The provider's own id for the transaction, when it gives one.
    public var providerTransactionID: String?
    public var status: Status
    public var createdAt: Date
    public var updatedAt: Date
    /// When its request last left for the provider (the first send, or the latest resume).
    public var sentAt: Date

    public init(
        paymentID: PaymentID, number: Int, provider: ProviderID, reference: String,
        providerTransactionID: String? = nil, status: Status, createdAt: Date, updatedAt: Date, sentAt: Date? = nil
    ) {
        self.sentAt = sentAt ?? createdAt
        self.paymentID = paymentID
        self.number = number
        self.provider = provider
        self.reference = reference
        self.providerTransactionID = providerTransactionID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

extension Payment {
    fileprivate static func encode(_ decision: ProviderRouter.Decision) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(decision)).map { String(decoding: $0, as: UTF8.self) }
    }
}
