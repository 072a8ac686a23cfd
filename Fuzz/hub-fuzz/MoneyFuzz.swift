import Hub

/// Money parsing and formatting. Input: a selector byte (the currency, and bit 7: text or minor units), then a
/// decimal text or 16 bytes of two amounts. Invariants: a parsed amount is never negative and formats back to
/// itself (parse → format → parse) in both decimal forms, with exactly the currency's decimals; adding two amounts
/// gives their exact sum or an overflow error, never a wrapped value.
enum MoneyFuzz {
    static let target = FuzzTarget(name: "money", run: run, seeds: seeds)
    static let currencies = Currency.all.sorted { $0.code < $1.code }

    static func run(_ bytes: [UInt8]) {
        let input = FuzzInput(bytes)
        let currency = currencies[Int(input.byte(0) & 0x7F) % currencies.count]
        if input.byte(0) & 0x80 == 0 {
            guard let money = try? Money(parsing: input.text(after: 1), currency: currency) else { return }
            roundTrips(money)
        } else {
            let a = Int64(bitPattern: word(input, at: 1)), b = Int64(bitPattern: word(input, at: 9))
            guard let x = try? Money(minorUnits: a, currency: currency), let y = try? Money(minorUnits: b, currency: currency) else {
                guard a < 0 || b < 0 else { violated("a non-negative amount was refused") }
                return
            }
            roundTrips(x)
            let (sum, overflow) = a.addingReportingOverflow(b)
            switch Result(catching: { () throws(MoneyError) in try x + y }) {
            case .success(let total): guard !overflow, total.minorUnits == sum else { violated("a sum that wrapped or is inexact") }
            case .failure: guard overflow else { violated("a sum within range was refused") }
            }
        }
    }

    static func roundTrips(_ money: Money) {
        guard money.minorUnits >= 0 else { violated("a negative amount") }
        let decimal = money.decimalString
        let decimals = decimal.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        guard decimals == money.currency.exponent else { violated("\(decimal) has not \(money.currency.exponent) decimals") }
        for text in [decimal, money.compactDecimalString] {
            guard (try? Money(parsing: text, currency: money.currency)) == money else { violated("\(text) does not read back as \(money)") }
        }
    }

    static func word(_ input: FuzzInput, at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(input.byte(offset + $1)) }
    }

    static func seeds(_ fixtures: FixtureFiles) throws -> [[UInt8]] {
        let texts = ["1500", "10.05", "10.5", "0.01", "0", "92233720368547758.07", "9223372036854775807", "1.", ".5", "00012.300"]
        var seeds = currencies.indices.flatMap { index in texts.map { [UInt8(index)] + Array($0.utf8) } }
        seeds.append([0x80] + [0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [0, 0, 0, 0, 0, 0, 0, 1])
        seeds.append([0x81] + [0, 0, 0, 0, 0, 0, 0x10, 0] + [0, 0, 0, 0, 0, 0, 0, 0x20])
        return seeds
    }
}
