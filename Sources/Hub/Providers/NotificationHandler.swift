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
    /// Unique per provider: the event id, or reference + status when the provider has no event id.
    public var dedupeKey: String
    /// Our attempt reference, or the provider's transaction id when that is all it sends.
    public var reference: String
    public var result: ProviderResult

    public init(dedupeKey: String, reference: String, result: ProviderResult) {
        self.dedupeKey = dedupeKey
        self.reference = reference
        self.result = result
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
