/// An ISO 4217 currency the hub knows, with the exponent that fixes its minor unit.
///
/// A currency outside the table is refused rather than guessed: an amount in a currency whose exponent is
/// unknown cannot be converted to or from a provider's format without risking a factor-of-100 mistake.
public struct Currency: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The three-letter ISO 4217 code, upper case.
    public let code: String
    /// Digits after the decimal point in the major unit (RWF 0, USD 2).
    public let exponent: Int

    private init(code: String, exponent: Int) {
        self.code = code
        self.exponent = exponent
    }

    /// The currency for an ISO 4217 code, or `nil` if the hub has no exponent for it.
    public init?(code: String) {
        guard let exponent = Currency.exponents[code] else { return nil }
        self.init(code: code, exponent: exponent)
    }

    /// Like `init?(code:)`, but throws a `MoneyError` naming the code.
    public static func parse(_ code: String) throws(MoneyError) -> Currency {
        guard let currency = Currency(code: code) else { throw .unknownCurrency(code) }
        return currency
    }

    public var description: String { code }

    /// Every currency the hub accepts, sorted by code.
    public static var all: [Currency] {
        exponents.keys.sorted().map { Currency(code: $0, exponent: exponents[$0]!) }
    }

    /// ISO 4217 exponents of the currencies the hub may meet in East and West Africa and on card rails.
    static let exponents: [String: Int] = [
        "RWF": 0, "UGX": 0, "XOF": 0, "XAF": 0, "BIF": 0, "GNF": 0, "JPY": 0, "KMF": 0, "DJF": 0,
        "KES": 2, "TZS": 2, "ZMW": 2, "NGN": 2, "GHS": 2, "USD": 2, "EUR": 2, "GBP": 2,
        "ZAR": 2, "MWK": 2, "ETB": 2, "CDF": 2, "SSP": 2, "MZN": 2, "EGP": 2, "MAD": 2, "CHF": 2,
        "BHD": 3, "KWD": 3, "OMR": 3, "TND": 3, "JOD": 3, "LYD": 3,
    ]

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let currency = Currency(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown currency \(code)"))
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// Minor units in one major unit: 10^exponent (100 for KES, 1 for RWF).
    public var minorUnitsPerMajorUnit: Int64 {
        (0..<exponent).reduce(1) { unit, _ in unit * 10 }
    }

    public static let RWF = Currency(code: "RWF", exponent: 0)
    public static let UGX = Currency(code: "UGX", exponent: 0)
    public static let KES = Currency(code: "KES", exponent: 2)
    public static let TZS = Currency(code: "TZS", exponent: 2)
    public static let USD = Currency(code: "USD", exponent: 2)
    public static let EUR = Currency(code: "EUR", exponent: 2)
}
