import Foundation
import Hub

/// How the console writes values: amounts in their currency's exponent (`1 500.00 KES`, `2 000 RWF`), instants in
/// UTC to the second, counterparties redacted as in the logs.
enum ConsoleFormat {
    static func amount(_ money: Money) -> String { "\(grouped(money.decimalString)) \(money.currency.code)" }

    static func amount(minorUnits: Int64, currency: Currency) -> String {
        (try? Money(minorUnits: minorUnits, currency: currency)).map(amount) ?? "\(minorUnits) (minor units) \(currency.code)"
    }

    /// Thousands separated by a thin space, the fraction left as it is.
    static func grouped(_ decimal: String) -> String {
        let negative = decimal.hasPrefix("-")
        let unsigned = negative ? String(decimal.dropFirst()) : decimal
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var whole = Array(parts.first.map(String.init) ?? "0")
        var out = ""
        while whole.count > 3 {
            out = "\u{2009}" + String(whole.suffix(3)) + out
            whole.removeLast(3)
        }
        out = String(whole) + out
        return (negative ? "-" : "") + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        let millis = (c.nanosecond ?? 0) / 1_000_000
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d.%03d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0,
                      c.second ?? 0, millis)
    }

    /// A `YYYY-MM-DD` date from a filter field, as the start of that day in UTC.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              parts[0].count == 4, (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    static func failure(_ failure: PaymentFailure) -> String {
        var text = failure.reason.rawValue
        if let code = failure.providerCode { text += " (\(code))" }
        if !failure.message.isEmpty { text += ": \(failure.message)" }
        return text
    }
}
