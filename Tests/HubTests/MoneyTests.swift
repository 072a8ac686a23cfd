import Testing
@testable import Hub

@Suite struct MoneyTests {
    @Test(arguments: [
        ("RWF", "1500", Int64(1500)), ("UGX", "7", 7), ("XOF", "250000", 250_000), ("XAF", "1", 1),
        ("KES", "0.01", 1), ("KES", "12", 1200), ("TZS", "3.5", 350), ("ZMW", "10.00", 1000),
        ("NGN", "1000.99", 100_099), ("GHS", "0.1", 10), ("USD", "10.05", 1005), ("EUR", "10.5", 1050),
        ("GBP", "0", 0), ("BHD", "1.234", 1234), ("RWF", "1500.0", 1500), ("USD", "10.050", 1005),
    ])
    func parsesExactDecimals(code: String, text: String, minor: Int64) throws {
        let money = try Money(parsing: text, currency: Currency.parse(code))
        #expect(money.minorUnits == minor)
    }

    @Test(arguments: [("RWF", 0), ("UGX", 0), ("XOF", 0), ("XAF", 0), ("KES", 2), ("TZS", 2), ("ZMW", 2),
                      ("NGN", 2), ("GHS", 2), ("USD", 2), ("EUR", 2), ("GBP", 2)])
    func knowsExponents(code: String, exponent: Int) throws {
        #expect(try Currency.parse(code).exponent == exponent)
    }

    @Test(arguments: [
        ("RWF", "1500.5"), ("USD", "10.005"), ("USD", "-1"), ("USD", "1e3"), ("USD", ""), ("USD", "+5"),
        ("USD", " 5"), ("USD", "5 "), ("USD", "1,000"), ("USD", "."), ("USD", "5."), ("USD", ".5"),
        ("USD", "1.2.3"), ("USD", "0x10"), ("USD", "١٢"), ("RWF", "NaN"), ("KES", "Infinity"),
    ])
    func rejectsMalformedOrTooPrecise(code: String, text: String) throws {
        let currency = try Currency.parse(code)
        #expect(throws: MoneyError.self) { try Money(parsing: text, currency: currency) }
    }

    @Test func namesTheProblem() throws {
        #expect(throws: MoneyError.tooManyDecimals(currency: "RWF", exponent: 0)) { try Money(parsing: "1500.5", currency: .RWF) }
        #expect(throws: MoneyError.malformedAmount("1e3")) { try Money(parsing: "1e3", currency: .USD) }
        #expect(throws: MoneyError.unknownCurrency("ABC")) { try Currency.parse("ABC") }
        #expect(throws: MoneyError.unknownCurrency("usd")) { try Currency.parse("usd") }
    }

    @Test func refusesOverflowAndNegatives() throws {
        #expect(throws: MoneyError.overflow) { try Money(parsing: "92233720368547758.08", currency: .USD) }
        #expect(throws: MoneyError.overflow) { try Money(parsing: "99999999999999999999", currency: .RWF) }
        #expect(try Money(parsing: "9223372036854775807", currency: .RWF).minorUnits == .max)
        let max = try Money(minorUnits: .max, currency: .RWF)
        #expect(throws: MoneyError.overflow) { try max + Money(minorUnits: 1, currency: .RWF) }
        #expect(throws: MoneyError.notPositive) { try Money(minorUnits: -1, currency: .RWF) }
        #expect(throws: MoneyError.notPositive) { try Money.positive(minorUnits: 0, currency: .RWF) }
        #expect(throws: MoneyError.notPositive) { try Money(minorUnits: 1, currency: .RWF) - Money(minorUnits: 2, currency: .RWF) }
    }

    @Test func refusesMixedCurrencies() throws {
        #expect(throws: MoneyError.currencyMismatch("USD", "EUR")) {
            try Money(minorUnits: 1, currency: .USD) + Money(minorUnits: 1, currency: .EUR)
        }
    }

    @Test(arguments: [("RWF", Int64(1500), "1500", "1500"), ("USD", 1005, "10.05", "10.05"), ("USD", 1050, "10.50", "10.5"),
                      ("USD", 5, "0.05", "0.05"), ("USD", 100, "1.00", "1"), ("BHD", 1, "0.001", "0.001"), ("KES", 0, "0.00", "0")])
    func formatsExactly(code: String, minor: Int64, fixed: String, compact: String) throws {
        let money = try Money(minorUnits: minor, currency: Currency.parse(code))
        #expect(money.decimalString == fixed)
        #expect(money.compactDecimalString == compact)
        #expect(try Money(parsing: fixed, currency: money.currency) == money)
    }
}
