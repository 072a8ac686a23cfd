/// The hub's small vocabulary of why a payment failed; each adapter maps its provider's codes onto it.
public enum FailureReason: String, Sendable, Codable, CaseIterable {
    case insufficientFunds = "insufficient_funds"
    case accountNotFound = "account_not_found"
    case limitExceeded = "limit_exceeded"
    case declined
    case notApproved = "not_approved"
    case expired
    case cancelled
    case notAllowed = "not_allowed"
    case invalidRequest = "invalid_request"
    /// The provider reported a processing error of its own.
    case providerError = "provider_error"
    /// No provider could be reached; nothing was sent anywhere.
    case providerUnavailable = "provider_unavailable"
    case authenticationRequired = "authentication_required"
    /// An operator settled a payment flagged for review as failed (`hub payments resolve`).
    case resolvedByOperator = "resolved_by_operator"
}

/// Why a payment failed: the hub's reason, the provider's own code, and a message safe to show.
public struct PaymentFailure: Sendable, Equatable, Codable {
    public var reason: FailureReason
    /// The provider's code as received (`NOT_ENOUGH_FUNDS`, `card_declined`), for support and reconciliation.
    public var providerCode: String?
    public var message: String

    public init(reason: FailureReason, providerCode: String? = nil, message: String) {
        self.reason = reason
        self.providerCode = providerCode
        self.message = message
    }
}
