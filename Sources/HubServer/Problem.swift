import Foundation
import Hub
import Hummingbird

/// An RFC 9457 problem: every error the API returns, as `application/problem+json`.
///
/// `type` is stable per kind of error, so the wallet backend can branch on it; `detail` is for people and
/// never carries a secret or a full phone or card number.
public struct Problem: HTTPResponseError, Encodable {
    public let status: HTTPResponse.Status
    public let type: String
    public let title: String
    public let detail: String
    /// The request field at fault, when there is one.
    public let field: String?
    /// Seconds the client should wait before trying again, sent as `Retry-After`.
    public var retryAfterSeconds: Int?
    /// The scope the API key lacks, on a 403.
    public var scope: String?

    public init(_ status: HTTPResponse.Status, _ slug: String, title: String, detail: String, field: String? = nil) {
        self.status = status
        self.type = "/problems/\(slug)"
        self.title = title
        self.detail = detail
        self.field = field
    }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, field, scope }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(Int(status.code), forKey: .status)
        try container.encode(detail, forKey: .detail)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(scope, forKey: .scope)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(self))))
    }

    static func invalid(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, "invalid-request", title: "Invalid request", detail: detail, field: field)
    }

    static let unauthorized = Problem(.unauthorized, "unauthorized", title: "Unauthorized",
                                      detail: "send a valid API key as 'Authorization: Bearer <key>'")

    /// A valid key without the scope a route needs.
    static func forbidden(needing scope: APIScope) -> Problem {
        var problem = Problem(.forbidden, "forbidden", title: "Forbidden",
                              detail: "this API key lacks the scope \(scope.rawValue), which this request needs")
        problem.scope = scope.rawValue
        return problem
    }

    static let unsupportedMediaType = Problem(.unsupportedMediaType, "unsupported-media-type", title: "Unsupported media type",
                                              detail: "send the body as Content-Type: application/json")

    static let requestTimeout = Problem(.requestTimeout, "request-timeout", title: "Request timeout",
                                        detail: "the request body did not arrive in time")

    static func rateLimited(retryAfter seconds: Int) -> Problem {
        var problem = Problem(.tooManyRequests, "rate-limited", title: "Too many requests",
                              detail: "this API key has made too many of these requests; try again in \(seconds) s")
        problem.retryAfterSeconds = seconds
        return problem
    }

    /// A provider's webhook URL over its rate (`WebhookIntakeLimits`).
    static func webhookRateLimited(retryAfter seconds: Int) -> Problem {
        var problem = Problem(.tooManyRequests, "rate-limited", title: "Too many requests",
                              detail: "this provider's webhook URL is over its rate; try again in \(seconds) s")
        problem.retryAfterSeconds = seconds
        return problem
    }

    /// A provider's webhook URL already reading as many bodies as it may.
    static let webhookBusy: Problem = {
        var problem = Problem(.serviceUnavailable, "webhook-busy", title: "Too many notifications at once",
                              detail: "this provider's webhook URL is reading as many notifications as it may; try again shortly")
        problem.retryAfterSeconds = 1
        return problem
    }()

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", title: "Not found", detail: detail) }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(.contentTooLarge, "too-large", title: "Request body too large", detail: "the body must be at most \(limit) bytes")
    }

    init(_ error: HubError) {
        switch error.kind {
        case .invalidRequest: self = .invalid(error.message, field: error.field)
        case .idempotencyConflict:
            self.init(.unprocessableContent, "idempotency-key-reused", title: "Idempotency key reused",
                      detail: "this Idempotency-Key was used with different parameters")
        case .insufficientFunds:
            self.init(.unprocessableContent, "insufficient-funds", title: "Insufficient funds", detail: error.message)
        case .unknownWallet:
            self.init(.unprocessableContent, "unknown-wallet", title: "Unknown wallet", detail: "the wallet has no balance in this currency")
        case .limitExceeded:
            self.init(.unprocessableContent, "amount-over-limit", title: "Amount over the limit", detail: error.message)
        case .noRoute: self.init(.unprocessableContent, "no-route", title: "No provider can take this payment", detail: error.message)
        case .notFound: self = .notFound(error.message)
        case .invalidState: self.init(.conflict, "invalid-state", title: "Not possible in the payment's state", detail: error.message)
        case .recipientNotActive:
            self.init(.unprocessableContent, "recipient-not-active", title: "The recipient's account is not active", detail: error.message)
        case .recipientLookupUnsupported:
            self.init(.unprocessableContent, "recipient-lookup-unsupported", title: "The recipient cannot be looked up", detail: error.message)
        case .unavailable: self.init(.serviceUnavailable, "unavailable", title: "Temporarily unavailable", detail: "try again later")
        }
    }
}
