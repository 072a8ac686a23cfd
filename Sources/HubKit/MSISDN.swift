/// A mobile number in E.164 form (`+` then 8–15 digits, no leading zero in the country code).
///
/// Its `description` is redacted to the last three digits, so interpolating one into a log line or an error
/// message cannot leak a customer's number. Use `digits` only where the number must leave for a provider.
public struct MSISDN: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The number without the `+`, as most providers want it: `250781234567`.
    public let digits: String

    public init(_ text: String) throws(ValidationError) {
        guard text.hasPrefix("+") else {
            throw ValidationError(field: "msisdn", "must be in E.164 form, starting with '+' and the country code")
        }
        let digits = text.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), digits.first != "0" else {
            throw ValidationError(field: "msisdn", "must be '+' followed by 8 to 15 digits")
        }
        self.digits = String(digits)
    }

    /// E.164 with the plus sign. Not for logs.
    public var e164: String { "+" + digits }

    /// `+•••••••••567`: enough to recognise a number in a log, not enough to call it.
    public var redacted: String { "+" + String(repeating: "•", count: max(0, digits.count - 3)) + digits.suffix(3) }

    public var description: String { redacted }

    public func hasPrefix(_ prefix: String) -> Bool {
        digits.hasPrefix(prefix.hasPrefix("+") ? String(prefix.dropFirst()) : prefix)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}
