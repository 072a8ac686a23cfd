/// Why an amount or currency was refused. Descriptions name the problem, never more than the offending token.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCurrency(String)
    case malformedAmount(String)
    case tooManyDecimals(currency: String, exponent: Int)
    case notPositive
    case overflow
    case currencyMismatch(String, String)

    public var description: String {
        switch self {
        case .unknownCurrency(let code): "unknown or unsupported currency '\(code.prefix(8))'"
        case .malformedAmount(let text): "malformed amount '\(text.prefix(32))': expected digits with an optional decimal point"
        case .tooManyDecimals(let currency, let exponent):
            "\(currency) has \(exponent) decimal place\(exponent == 1 ? "" : "s"); the amount has more"
        case .notPositive: "amount must be greater than zero"
        case .overflow: "amount is too large"
        case .currencyMismatch(let a, let b): "currency mismatch: \(a) and \(b)"
        }
    }
}
