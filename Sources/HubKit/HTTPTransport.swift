import Foundation

/// One outbound HTTP exchange with a provider. The hub's only way out to the network.
///
/// Implementations never block Swift's cooperative thread pool. A failure is thrown as a `TransportError`
/// that says whether the request could have reached the server: that answer decides between a safe retry or
/// failover (`notSent`) and waiting for the provider to tell us what happened (`ambiguous`).
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse
}

/// An outbound request. Header values may hold credentials: never log a request as a whole.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Time allowed to establish the connection (TCP and TLS). Past it, nothing was sent.
    public var connectTimeout: Duration
    /// Time allowed for the whole exchange, connection included.
    public var timeout: Duration

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [], body: Data? = nil,
        connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names as received; look them up with `header(_:)`, which ignores case.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A failed exchange, classified by whether the provider may have received the request.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Delivery: Sendable, Equatable {
        /// The request never left (DNS failure, connection refused, TLS handshake failure, bad URL):
        /// safe to retry or to fail over to another provider.
        case notSent
        /// The request may have reached the server (timeout after connecting, reset mid-exchange):
        /// the outcome is unknown and must be asked for, never assumed.
        case ambiguous
    }

    public let delivery: Delivery
    /// A short reason with no URL query, header or body in it.
    public let reason: String

    public init(_ delivery: Delivery, _ reason: String) {
        self.delivery = delivery
        self.reason = reason
    }

    public var description: String { "\(delivery == .notSent ? "not sent" : "ambiguous"): \(reason)" }
}
