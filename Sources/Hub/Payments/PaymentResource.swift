import Foundation

/// A payment as the wallet backend sees it, in the API and in events. Amounts are integer minor units.
public struct PaymentResource: Codable, Sendable, Equatable {
    public struct Failure: Codable, Sendable, Equatable {
        public var code: String
        public var providerCode: String?
        public var message: String

        enum CodingKeys: String, CodingKey {
            case code, message
            case providerCode = "provider_code"
        }
    }

    public var id: String
    public var kind: String
    public var state: String
    public var walletID: String
    public var amount: Int64
    public var currency: String
    public var method: String
    /// The counterparty's phone number, redacted to its last three digits.
    public var counterparty: String
    public var provider: String
    public var providerReference: String
    public var failure: Failure?
    public var needsReview: Bool
    public var refundState: String?
    public var routing: ProviderRouter.Decision?
    public var metadata: [String: String]
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, state, amount, currency, method, counterparty, provider, failure, metadata
        case walletID = "wallet_id"
        case providerReference = "provider_reference"
        case needsReview = "needs_review"
        case refundState = "refund_state"
        case routing
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// The payment as the API shows it. Events leave out the routing decision (`includingRouting: false`):
    /// it is the hub's own concern, shown by `GET /v1/payments/{id}` and `hub payments show`.
    public init(_ payment: Payment, includingRouting: Bool = true) {
        id = payment.id.rawValue
        kind = payment.kind.rawValue
        state = payment.state == .created ? PaymentState.pending.rawValue : payment.state.rawValue
        walletID = payment.walletID.rawValue
        amount = payment.amount.minorUnits
        currency = payment.amount.currency.code
        method = payment.counterparty.method.rawValue
        counterparty = payment.counterparty.description
        provider = payment.provider.rawValue
        providerReference = payment.providerReference
        failure = payment.failure.map { Failure(code: $0.reason.rawValue, providerCode: $0.providerCode, message: $0.message) }
        needsReview = payment.needsReview
        refundState = payment.refundState
        routing = includingRouting ? payment.routing : nil
        metadata = payment.metadata
        createdAt = Timestamp.iso8601(payment.createdAt)
        updatedAt = Timestamp.iso8601(payment.updatedAt)
    }
}

/// Time formats used on the wire and in storage.
public enum Timestamp {
    /// RFC 3339 in UTC with milliseconds: `2026-11-26T07:04:15.123Z`.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon).dateSeparator(.dash))
    }

    /// Milliseconds since 1970, as stored.
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
