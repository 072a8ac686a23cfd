import Foundation
import Webhooks

/// The field rules Daraja documents, shared by the routes.
enum MPesaValidation {
    /// One or more ASCII digits and nothing else (no sign, no Unicode digits such as `٣`).
    static func isDigits(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// A Safaricom customer number: twelve digits, `2547…` or `2541…`, no `+`.
    static func isCustomerNumber(_ text: String) -> Bool {
        text.count == 12 && isDigits(text) && (text.hasPrefix("2547") || text.hasPrefix("2541"))
    }

    /// A shortcode (paybill, till, B2C): five to seven digits.
    static func isShortcode(_ text: String) -> Bool {
        (5...7).contains(text.count) && isDigits(text)
    }

    /// A callback or result URL: `https` with a host, or `http` to a loopback host (`localhost`, `127.0.0.0/8`,
    /// `::1`) so that a hub on this machine can receive; no spaces.
    static func isNotificationURL(_ text: String) -> Bool {
        guard !text.contains(where: \.isWhitespace), let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              var host = url.host?.lowercased(), !host.isEmpty
        else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        switch scheme {
        case "https": return true
        case "http": return host == "localhost" || host == "::1" || host.hasPrefix("127.")
        default: return false
        }
    }

    /// At most `limit` characters.
    static func atMost(_ limit: Int) -> (String) -> Bool {
        { $0.count <= limit }
    }

    /// `Timestamp`: fourteen digits naming a real date-time within `tolerance` of `now`, read as Nairobi time (what
    /// Safaricom's samples use) or as UTC (what Safaricom's own Node library sends).
    static func isTimestamp(_ text: String, tolerance: Duration, now: Date = Date()) -> Bool {
        let seconds = TimeInterval(tolerance.components.seconds)
        let readings = [MPesaClock.nairobi, TimeZone.gmt].compactMap { MPesaClock.parseTimestamp(text, timeZone: $0) }
        return readings.contains { abs($0.timeIntervalSince(now)) <= seconds }
    }

    /// `Password` = base64(BusinessShortCode + passkey + Timestamp).
    static func password(shortcode: String, passkey: String, timestamp: String) -> String {
        Base64.encode(Array((shortcode + passkey + timestamp).utf8))
    }
}
