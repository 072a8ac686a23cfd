import Foundation

/// Identifiers shaped like Daraja's: `requestId` and `MerchantRequestID` (`2654-4b64-97ff-b827b542881d3130`),
/// `CheckoutRequestID` (`ws_CO_` + the Nairobi date and time + digits), `ConversationID` (`AG_20240706_` + 20 hex
/// digits), receipts (`SG632NMUAB`: ten upper-case letters and digits) and opaque access tokens.
enum MPesaIdentifiers {
    static func requestID() -> String {
        hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12) + digits(7)
    }

    static func merchantRequestID() -> String {
        requestID()
    }

    static func checkoutRequestID(at date: Date = Date()) -> String {
        "ws_CO_" + MPesaClock.string(date, format: "ddMMyyyyHHmmssSSS") + digits(10)
    }

    static func conversationID(at date: Date = Date()) -> String {
        "AG_" + MPesaClock.string(date, format: "yyyyMMdd") + "_" + hex(20)
    }

    /// What Daraja answers as `OriginatorConversationID` when the request carries none (B2C v1, Transaction Status).
    static func originatorConversationID() -> String {
        hex(4) + "-" + hex(4) + "-" + hex(4) + "-" + hex(12) + digits(7)
    }

    /// An M-Pesa receipt: a letter, then nine upper-case letters or digits.
    static func receipt() -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        let first = letters.randomElement(using: &generator) ?? "S"
        return String(first) + String((0..<9).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
    }

    static func accessToken() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<28).map { _ in alphabet.randomElement(using: &generator) ?? "A" })
    }

    private static func hex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Array("0123456789abcdef").randomElement(using: &generator) ?? "0" })
    }

    private static func digits(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Array("0123456789").randomElement(using: &generator) ?? "0" })
    }
}

/// Daraja's date-times are Nairobi local time (UTC+3, no daylight saving) in a few fixed formats.
enum MPesaClock {
    static let nairobi = TimeZone(identifier: "Africa/Nairobi") ?? TimeZone(secondsFromGMT: 3 * 3600) ?? .gmt

    static func string(_ date: Date, format: String, timeZone: TimeZone = nairobi) -> String {
        formatter(format, timeZone: timeZone).string(from: date)
    }

    /// `yyyyMMddHHmmss` as a JSON number's text, as callbacks write `TransactionDate`.
    static func compact(_ date: Date) -> String {
        string(date, format: "yyyyMMddHHmmss")
    }

    /// `dd.MM.yyyy HH:mm:ss`, as B2C results write `TransactionCompletedDateTime`.
    static func dotted(_ date: Date) -> String {
        string(date, format: "dd.MM.yyyy HH:mm:ss")
    }

    /// A `Timestamp` (`YYYYMMDDHHmmss`, fourteen digits naming a real date-time) read in `timeZone`; `nil` if malformed.
    static func parseTimestamp(_ text: String, timeZone: TimeZone) -> Date? {
        guard text.count == 14, MPesaValidation.isDigits(text) else { return nil }
        let formatter = formatter("yyyyMMddHHmmss", timeZone: timeZone)
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return date
    }

    private static func formatter(_ format: String, timeZone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = timeZone
        formatter.dateFormat = format
        formatter.isLenient = false
        return formatter
    }
}
