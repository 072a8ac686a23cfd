import Foundation
import Logging

/// A provider adapter: a stateless value that turns the hub's requests into one provider's API calls.
///
/// Adapters store nothing; the hub persists every reference before a request leaves. A decline is returned as
/// `ProviderResult.failed`; a failure to get an answer is thrown as a `ProviderError` whose kind says whether
/// the request may have reached the provider. Operations an adapter cannot do are absent from its
/// `capabilities`, and the hub never calls them.
public protocol PaymentProvider: Sendable {
    var id: ProviderID { get }
    var capabilities: ProviderCapabilities { get }

    /// Pulls `request.amount` from the payer into the hub's account at the provider.
    /// Called at most once per attempt reference; a retry of the same attempt reuses its reference.
    func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult

    /// Asks the provider how an attempt stands. Safe to call any number of times.
    func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult

    /// How this provider's notifications are read, or `nil` if it sends none.
    var notifications: (any NotificationHandler)? { get }
}

/// A provider that pays money out (withdrawals). Providers that cannot are plain `PaymentProvider`s and leave
/// `.payout` out of their capabilities; the router never offers them a withdrawal.
public protocol PayingProvider: PaymentProvider {
    /// Pays `request.amount` out to the payee. Same reference rules as `collect`.
    func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult
}

/// What an adapter needs from the hub for one call.
public struct ProviderContext: Sendable {
    public var transport: any HTTPTransport
    public var logger: Logger
    public var now: @Sendable () -> Date

    public init(transport: any HTTPTransport, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.transport = transport
        self.logger = logger
        self.now = now
    }
}

public struct CollectRequest: Sendable {
    public var paymentID: PaymentID
    /// The attempt's reference: the provider's idempotency key / transaction id.
    public var reference: String
    public var amount: Money
    public var payer: Counterparty
    /// Where the provider should post its callback, or `nil` if the hub has no public address.
    public var callbackURL: String?
    public var description: String
    /// The request is sent again under its reference (a resume after a crash or a lost answer): the first may have
    /// arrived. A provider with no idempotency on the reference must look it up before sending.
    public var isResend = false

    public init(paymentID: PaymentID, reference: String, amount: Money, payer: Counterparty, callbackURL: String?, description: String) {
        self.paymentID = paymentID
        self.reference = reference
        self.amount = amount
        self.payer = payer
        self.callbackURL = callbackURL
        self.description = description
    }
}

public struct PayoutRequest: Sendable {
    public var paymentID: PaymentID
    public var reference: String
    public var amount: Money
    public var payee: Counterparty
    public var callbackURL: String?
    public var description: String
    /// As `CollectRequest.isResend`.
    public var isResend = false

    public init(paymentID: PaymentID, reference: String, amount: Money, payee: Counterparty, callbackURL: String?, description: String) {
        self.paymentID = paymentID
        self.reference = reference
        self.amount = amount
        self.payee = payee
        self.callbackURL = callbackURL
        self.description = description
    }
}

/// Identifies an attempt for a status query.
public struct AttemptLookup: Sendable {
    public var kind: PaymentKind
    public var reference: String
    public var providerTransactionID: String?
    /// When the attempt was written (just before its request left), for providers that must tell "not yet
    /// visible" from "never arrived".
    public var createdAt: Date?
    /// When the attempt's request last left (a resume sends it again under the same reference): "not visible
    /// yet" is measured from here.
    public var sentAt: Date?
    /// The payment's amount, for providers whose answer must be checked against it (the amount and currency they
    /// report charged).
    public var amount: Money?
    /// Where the provider should post its answer, for providers whose status query answers asynchronously (Daraja's
    /// Transaction Status posts its result to a URL it is given), or `nil` if the hub has no public address.
    public var callbackURL: String?

    public init(kind: PaymentKind, reference: String, providerTransactionID: String?, createdAt: Date? = nil, sentAt: Date? = nil,
                amount: Money? = nil, callbackURL: String? = nil) {
        self.amount = amount
        self.callbackURL = callbackURL
        self.kind = kind
        self.reference = reference
        self.providerTransactionID = providerTransactionID
        self.createdAt = createdAt
        self.sentAt = sentAt ?? createdAt
    }
}
