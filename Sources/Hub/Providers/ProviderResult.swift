/// A provider's definite or provisional answer about one attempt. A decline is a value, not an error.
public enum ProviderResult: Sendable, Equatable {
    /// Accepted and not finished (or the provider itself does not know yet).
    case pending(providerTransactionID: String?)
    case succeeded(providerTransactionID: String?)
    case failed(PaymentFailure)

    public var providerTransactionID: String? {
        switch self {
        case .pending(let id), .succeeded(let id): id
        case .failed: nil
        }
    }
}

/// A provider call that did not produce a `ProviderResult`, classified by what the caller may do next.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The provider cannot have acted on the request: retry or fail over safely.
        case notSent
        /// The provider may have acted on it: keep the payment pending and ask for its status.
        case ambiguous
    }

    public let kind: Kind
    public let provider: ProviderID
    /// A short reason safe to log: no credential, token, phone or card number.
    public let reason: String
    /// The outcome stays unknown and waiting will not settle it: an operator must look (an ambiguous payout the
    /// provider no longer knows, say). Only for `ambiguous`.
    public let needsReview: Bool

    public init(_ kind: Kind, provider: ProviderID, reason: String) {
        self.kind = kind
        self.provider = provider
        self.reason = reason
        self.needsReview = false
    }

    private init(reviewing reason: String, provider: ProviderID) {
        self.kind = .ambiguous
        self.provider = provider
        self.reason = reason
        self.needsReview = true
    }

    /// An unknown outcome that only an operator can settle: the payment stays open and is flagged for review.
    public static func needsReview(provider: ProviderID, reason: String) -> ProviderError {
        ProviderError(reviewing: reason, provider: provider)
    }

    /// Classifies a transport failure: a request that never left is `notSent`, anything else `ambiguous`.
    public init(_ error: TransportError, provider: ProviderID, operation: String) {
        self.init(error.delivery == .notSent ? .notSent : .ambiguous, provider: provider, reason: "\(operation): \(error.reason)")
    }

    public var description: String { "\(provider) \(kind == .notSent ? "not sent" : "ambiguous"): \(reason)" }
}
