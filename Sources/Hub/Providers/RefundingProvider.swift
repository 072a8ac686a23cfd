/// A provider that can give back a succeeded collection (a card refund). Providers that cannot are plain
/// `PaymentProvider`s and leave `.refund` out of their capabilities.
public protocol RefundingProvider: PaymentProvider {
    /// Refunds `request.amount` of a succeeded collection. Called at most once per refund reference; a retry
    /// reuses it, so the provider's idempotency makes a repeat harmless.
    func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult

    /// Asks the provider how a refund stands. Safe to call any number of times.
    func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult

    /// Whether a refund sent again under its reference is the same refund at the provider (an idempotency key).
    /// When not, a refund whose first request may have arrived is never sent again: it goes to review.
    var refundsAreIdempotent: Bool { get }
}

extension RefundingProvider {
    public var refundsAreIdempotent: Bool { true }
}

/// Identifies a refund for a status query.
public struct RefundLookup: Sendable {
    public var paymentID: PaymentID
    /// The refund's own reference (its idempotency key at the provider).
    public var reference: String
    /// The provider's id for the refund, when its answer gave one.
    public var providerRefundID: String?
    public var originalReference: String
    public var originalProviderTransactionID: String?

    public init(paymentID: PaymentID, reference: String, providerRefundID: String?, originalReference: String,
                originalProviderTransactionID: String?) {
        self.paymentID = paymentID
        self.reference = reference
        self.providerRefundID = providerRefundID
        self.originalReference = originalReference
        self.originalProviderTransactionID = originalProviderTransactionID
    }
}

public struct RefundRequest: Sendable {
    public var paymentID: PaymentID
    /// The refund's own reference: the provider's idempotency key for it.
    public var reference: String
    /// The collection's attempt reference, as sent when it was created.
    public var originalReference: String
    /// The provider's id for the collection (a PaymentIntent id), when known.
    public var originalProviderTransactionID: String?
    public var amount: Money

    public init(paymentID: PaymentID, reference: String, originalReference: String, originalProviderTransactionID: String?, amount: Money) {
        self.paymentID = paymentID
        self.reference = reference
        self.originalReference = originalReference
        self.originalProviderTransactionID = originalProviderTransactionID
        self.amount = amount
    }
}
