/// Why the hub refused or could not complete a request. Descriptions are safe to return to the wallet
/// backend: no secrets, no full phone or card numbers.
public struct HubError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case invalidRequest = "invalid_request"
        case idempotencyConflict = "idempotency_conflict"
        case insufficientFunds = "insufficient_funds"
        case unknownWallet = "unknown_wallet"
        case noRoute = "no_route"
        /// The amount is over the hub's configured maximum for its currency.
        case limitExceeded = "limit_exceeded"
        case notFound = "not_found"
        case invalidState = "invalid_state"
        /// A withdrawal that required an active recipient found the account inactive or unknown.
        case recipientNotActive = "recipient_not_active"
        /// A withdrawal that required an active recipient was routed to a provider that cannot look one up.
        case recipientLookupUnsupported = "recipient_lookup_unsupported"
        case unavailable
    }

    public let kind: Kind
    public let message: String
    /// The request field at fault, for `invalidRequest`.
    public let field: String?

    public init(_ kind: Kind, _ message: String, field: String? = nil) {
        self.kind = kind
        self.message = message
        self.field = field
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }

    public init(_ error: StoreError) {
        switch error.kind {
        case .idempotencyConflict: self.init(.idempotencyConflict, error.message)
        case .conflict: self.init(.invalidState, error.message)
        case .insufficientFunds: self.init(.insufficientFunds, error.message)
        case .unknownWallet: self.init(.unknownWallet, error.message)
        case .notFound: self.init(.notFound, error.message)
        case .invalidCursor: self.init(.invalidRequest, error.message, field: "cursor")
        case .corrupt, .database: self.init(.unavailable, "storage failure")
        }
    }

    public init(_ error: ValidationError) { self.init(.invalidRequest, error.message, field: error.field) }
}
