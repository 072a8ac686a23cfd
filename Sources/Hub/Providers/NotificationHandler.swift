import Foundation

/// Reads a provider's notifications (webhooks, callbacks).
public protocol NotificationHandler: Sendable {
    /// Whether a notification can be believed once parsed. Unsigned ones (MTN MoMo, M-Pesa) are only hints:
    /// the hub confirms them with a status query before it changes anything.
    var isSigned: Bool { get }

    /// Parses (and, for signed schemes, verifies) one notification. Throws for anything it cannot trust.
    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification
}

/// A raw notification as received over HTTP.
public struct IncomingNotification: Sendable {
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: Data
    public var receivedAt: Date

    public init(method: String, headers: [(name: String, value: String)], body: Data, receivedAt: Date) {
        self.method = method
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// What a notification says, once read.
public struct ProviderNotification: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// The attempt's outcome (or that it is still pending).
        case outcome(ProviderResult)
        /// A succeeded collection was given back (a refund completed at the provider).
        case reversed
        /// How a refund of the collection stands: succeeded, failed, or still pending; `reference` is the refund's own
        /// reference (its idempotency key) when the provider echoes it, so an outcome is applied only to its refund.
        case refund(ProviderResult, reference: String?)
        /// Something about the payment that moves money outside the hub (a dispute, a partial refund made at the
        /// provider): nothing is booked, the payment is flagged for an operator with this description.
        case review(String)
        /// Something this hub does not act on (an event type it did not subscribe to); acknowledged, kept, not applied.
        case ignored(String)
    }

    /// Unique per provider: the event id, or reference + status when the provider has no event id.
    public var dedupeKey: String
    /// Our attempt reference, or the provider's transaction id when that is all it sends.
    public var reference: String
    public var event: Event
    /// For a handler whose notifications are not signed: the provider's transaction id the notification carries
    /// that only the provider and the hub know, because the provider's acknowledgement gave it to the hub alone
    /// (Daraja's B2C result names the ConversationID). When it equals the id stored for the current attempt the
    /// notification names, the hub believes it as if it were signed; otherwise it stays a hint, confirmed by a status
    /// query. Ignored for signed handlers.
    public var correlation: String?

    public init(dedupeKey: String, reference: String, event: Event, correlation: String? = nil) {
        self.dedupeKey = dedupeKey
        self.reference = reference
        self.event = event
        self.correlation = correlation
    }

    public init(dedupeKey: String, reference: String, result: ProviderResult) {
        self.init(dedupeKey: dedupeKey, reference: reference, event: .outcome(result))
    }
}

/// A notification the hub will not act on. Descriptions never contain the body.
public struct NotificationError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case unauthenticated, malformed }
    public let kind: Kind
    public let reason: String

    public init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var description: String { reason }
}
