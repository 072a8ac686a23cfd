import Foundation

/// The `Password` and `Timestamp` of an STK push and an STK query.
///
/// The timestamp is Kenya's local time (East Africa Time, UTC+3 all year, no daylight saving): the documentation
/// gives only the `YYYYMMDDHHmmss` form, and Kenyan integrations use local time; the hub's clock supplies the instant.
enum MPesaPassword {
    /// East Africa Time's offset from UTC.
    static let kenyaOffset: TimeInterval = 3 * 3600

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    /// `YYYYMMDDHHmmss` in Kenya time.
    static func timestamp(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date.addingTimeInterval(kenyaOffset))
        let fields = [(parts.year, 4), (parts.month, 2), (parts.day, 2), (parts.hour, 2), (parts.minute, 2), (parts.second, 2)]
        return fields.map { value, width in
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }.joined()
    }

    /// base64(shortcode + passkey + timestamp), as the documentation defines it.
    static func password(shortcode: String, passkey: String, timestamp: String) -> String {
        Data((shortcode + passkey + timestamp).utf8).base64EncodedString()
    }
}
