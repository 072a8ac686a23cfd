import Foundation

/// Removes secrets, phone numbers, card numbers and bank account numbers from log text.
///
/// Applied to every log message and metadata value before it is written. A value under a sensitive key
/// (see `isSensitive(key:)`) is dropped whole; any other text is scanned for credentials and numbers:
///
/// - `Bearer …` / `Basic …` credentials (8 or more token characters, not all letters) and `whsec_…`, `sk_live_…`, `sk_test_…`, `rk_live_…`, `rk_test_…`,
///   `hub_…` keys become `[redacted]`;
/// - an IBAN (checksum-valid) becomes `••••` and its last 4 characters;
/// - 13–19 digits, spaces or dashes allowed between them, that pass the Luhn check (a card number) become
///   `••••` and the last 4 digits; any other run of 16 or more digits (an account number) likewise;
/// - 9–15 digits with an optional `+` (a phone number) keep only their last 3 digits: `+•••••••••456`.
///
/// Digits joined to letters, `_`, `-` or `.` (payment ids, UUIDs, timestamps, decimals) are left alone.
public struct LogRedactor: Sendable {
    public static let redacted = "[redacted]"

    public init() {}

    /// The value to log under `key`: `[redacted]` for a sensitive key, otherwise `redact(value)`.
    public func redact(key: String, value: String) -> String {
        isSensitive(key: key) ? Self.redacted : redact(value)
    }

    /// Whether a metadata key names a secret: it contains `secret`, `token`, `password`, `authorization`,
    /// `api_key`, `apikey` or `credential`, or has `key` as a whole segment (`subscription_key`,
    /// `subscriptionKey`, `x-api-key`, not `monkey`).
    public func isSensitive(key: String) -> Bool {
        let lowered = key.lowercased().replacingOccurrences(of: "-", with: "_")
        if Self.sensitiveFragments.contains(where: lowered.contains) { return true }
        return Self.segments(key).contains("key")
    }

    public func redact(_ text: String) -> String {
        var result = text
        result = Self.credential.replace(in: result) { "\($0[1]) \(Self.redacted)" }
        result = Self.prefixedKey.replace(in: result) { _ in Self.redacted }
        result = Self.iban.replace(in: result) { Self.isIBAN($0[0]) ? Self.lastFour($0[0]) : $0[0] }
        result = Self.cardLike.replace(in: result) { Self.passesLuhn($0[0]) ? Self.lastFour($0[0]) : $0[0] }
        result = Self.longDigits.replace(in: result) { Self.lastFour($0[0]) }
        result = Self.phone.replace(in: result) { Self.maskPhone($0[0]) }
        return result
    }

    static let sensitiveFragments = ["secret", "token", "password", "authorization", "api_key", "apikey", "credential"]

    /// Lower-cased words of a key split at punctuation and camel-case humps.
    static func segments(_ key: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in key {
            if !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else if character.isUppercase, let last = current.last, last.isLowercase {
                words.append(current)
                current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// A credential is 8+ token characters with at least one digit or symbol, so prose ("basic information")
    /// is left alone.
    static let credential = TextPattern(#"\b(Bearer|Basic)\s+(?=[A-Za-z]*[0-9\-._~+/=])[A-Za-z0-9\-._~+/]{8,}=*"#, caseInsensitive: true)
    static let prefixedKey = TextPattern(#"\b(?:(?:whsec|sk_live|sk_test|rk_live|rk_test)_[A-Za-z0-9_\-+/=]{4,}|hub_[A-Za-z0-9_\-]{16,})"#)
    static let iban = TextPattern(#"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])"#)
    static let cardLike = TextPattern(#"(?<![A-Za-z0-9_.\-])[0-9](?:[ \-]?[0-9]){12,18}(?![A-Za-z0-9_\-])"#)
    static let longDigits = TextPattern(#"(?<![A-Za-z0-9_.\-])[0-9]{16,}(?![A-Za-z0-9_\-])"#)
    static let phone = TextPattern(#"(?<![A-Za-z0-9_.+\-])\+?[0-9]{9,15}(?![A-Za-z0-9_\-])"#)

    static func lastFour(_ text: String) -> String {
        "••••" + String(text.filter { $0.isLetter || $0.isNumber }.suffix(4))
    }

    static func maskPhone(_ text: String) -> String {
        let digits = text.filter(\.isNumber)
        return (text.hasPrefix("+") ? "+" : "") + String(repeating: "•", count: digits.count - 3) + String(digits.suffix(3))
    }

    static func passesLuhn(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            let weighted = index % 2 == 1 ? digit * 2 : digit
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return sum % 10 == 0
    }

    /// ISO 13616: the first four characters moved to the end, letters as 10–35, the number mod 97 is 1.
    static func isIBAN(_ text: String) -> Bool {
        let compact = text.filter { $0 != " " }
        guard (15...34).contains(compact.count) else { return false }
        var remainder = 0
        for character in compact.dropFirst(4) + compact.prefix(4) {
            guard let value = character.isLetter ? Int(character.asciiValue! - 55) : character.wholeNumberValue else { return false }
            for digit in String(value) { remainder = (remainder * 10 + digit.wholeNumberValue!) % 97 }
        }
        return remainder == 1
    }
}
