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
    /// Sub-millisecond parts are cut off, not rounded. Written by hand for years 1970–9999 (it runs for every
    /// event and answer); other dates go through Foundation's formatter, whose output it matches.
    public static func iso8601(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        guard interval >= 0, interval < 253_402_300_800 else { return formatted(date) }
        // Whole seconds, then the fraction cut to milliseconds (as Foundation does: multiplying the whole
        // interval by 1000 first would round some fractions just below a millisecond up to it).
        let seconds = interval.rounded(.down)
        let fraction = min(Int64(((interval - seconds) * 1000).rounded(.down)), 999)
        let (days, secondOfDay) = Int64(seconds).quotientAndRemainder(dividingBy: 86_400)
        let millisOfDay = secondOfDay * 1000 + fraction
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var text = [UInt8]()
        text.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8((value / divisor) % 10))
                divisor /= 10
            }
        }
        digits(year, 4); text.append(UInt8(ascii: "-")); digits(month, 2); text.append(UInt8(ascii: "-")); digits(day, 2)
        text.append(UInt8(ascii: "T"))
        digits(millisOfDay / 3_600_000, 2); text.append(UInt8(ascii: ":"))
        digits(millisOfDay / 60_000 % 60, 2); text.append(UInt8(ascii: ":"))
        digits(millisOfDay / 1000 % 60, 2); text.append(UInt8(ascii: "."))
        digits(millisOfDay % 1000, 3); text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Foundation's RFC 3339 formatter, with the same fields as `iso8601`.
    static func formatted(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon).dateSeparator(.dash))
    }

    /// Milliseconds since 1970, as stored.
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(millis) / 1000) }
}
