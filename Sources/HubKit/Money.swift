/// A positive or zero amount of one currency, held as an integer count of minor units.
///
/// Arithmetic is checked: overflow and mixing currencies throw instead of wrapping or converting.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The amount in minor units (cents for USD, francs for RWF). Never negative.
    public let minorUnits: Int64
    public let currency: Currency

    /// An amount from minor units; negative values are refused.
    public init(minorUnits: Int64, currency: Currency) throws(MoneyError) {
        guard minorUnits >= 0 else { throw .notPositive }
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// A strictly positive amount, as every payment needs.
    public static func positive(minorUnits: Int64, currency: Currency) throws(MoneyError) -> Money {
        guard minorUnits > 0 else { throw .notPositive }
        return try Money(minorUnits: minorUnits, currency: currency)
    }

    /// Parses a decimal string in major units, exactly: "1500" RWF, "10.05" USD, "10.5" USD.
    ///
    /// Refused: signs, exponents, spaces, thousands separators, an empty string, more decimals than the
    /// currency's exponent ("1500.5" RWF, "10.005" USD), and values beyond `Int64` minor units.
    public init(parsing text: String, currency: Currency) throws(MoneyError) {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy(\.isASCIIDigit)
        else { throw .malformedAmount(text) }
        var fraction = Substring("")
        if parts.count == 2 {
            fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { throw .malformedAmount(text) }
            let significant = fraction.reversed().drop(while: { $0 == "0" }).count
            guard significant <= currency.exponent else {
                throw .tooManyDecimals(currency: currency.code, exponent: currency.exponent)
            }
        }
        var value: Int64 = 0
        let digits = whole + fraction.prefix(currency.exponent)
            + String(repeating: "0", count: max(0, currency.exponent - fraction.count))
        for digit in digits {
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.addingReportingOverflow(Int64(digit.asciiValue! - 48))
            guard !o1, !o2 else { throw .overflow }
            value = next
        }
        try self.init(minorUnits: value, currency: currency)
    }

    /// The amount as a decimal string in major units with exactly `currency.exponent` decimals ("10.50").
    public var decimalString: String {
        let exponent = currency.exponent
        guard exponent > 0 else { return String(minorUnits) }
        var digits = String(minorUnits)
        if digits.count <= exponent { digits = String(repeating: "0", count: exponent - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -exponent)
        return digits[..<split] + "." + digits[split...]
    }

    /// The amount in major units without trailing zero decimals ("10.5", "1500"), as MoMo expects.
    public var compactDecimalString: String {
        guard currency.exponent > 0 else { return decimalString }
        var text = decimalString
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    public var description: String { "\(decimalString) \(currency.code)" }

    public static func + (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        guard lhs.currency == rhs.currency else { throw .currencyMismatch(lhs.currency.code, rhs.currency.code) }
        let (sum, overflow) = lhs.minorUnits.addingReportingOverflow(rhs.minorUnits)
        guard !overflow else { throw .overflow }
        return try Money(minorUnits: sum, currency: lhs.currency)
    }

    /// `lhs - rhs`; a negative result is refused (`notPositive`), since `Money` is never negative.
    public static func - (lhs: Money, rhs: Money) throws(MoneyError) -> Money {
        guard lhs.currency == rhs.currency else { throw .currencyMismatch(lhs.currency.code, rhs.currency.code) }
        return try Money(minorUnits: lhs.minorUnits - rhs.minorUnits, currency: lhs.currency)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
