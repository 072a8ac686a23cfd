import Testing
@testable import Hub

@Suite struct MoneyTests {
    @Test(arguments: [("RWF", "1500", Int64(1500)), ("USD", "10.05", 1005), ("USD", "10.5", 1050), ("KES", "0.01", 1), ("BHD", "1.234", 1234)])
    func parsesExactDecimals(code: String, text: String, minor: Int64) throws {
        let money = try Money(parsing: text, currency: Currency.parse(code))
        #expect(money.minorUnits == minor)
    }
}
