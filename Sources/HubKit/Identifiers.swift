import Foundation

/// The hub's id of a payment: `pay_` followed by 32 lowercase hex digits of a random UUID.
public struct PaymentID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new random id.
    public static func generate() -> PaymentID {
        PaymentID(rawValue: "pay_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
    }

    /// Accepts only the shape `generate()` produces, so a path segment cannot smuggle anything else.
    public init?(validating text: String) {
        guard text.count == 36, text.hasPrefix("pay_"),
              text.dropFirst(4).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        self.rawValue = text
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The wallet backend's id of a wallet: 1–64 characters of `A–Z a–z 0–9 _ -`.
public struct WalletID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(ValidationError) {
        guard (1...64).contains(text.utf8.count),
              text.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") })
        else { throw ValidationError(field: "wallet_id", "must be 1-64 characters of letters, digits, '_' or '-'") }
        rawValue = text
    }

    public var description: String { rawValue }

    /// The wallet's ledger account name.
    public var accountName: String { "wallet:\(rawValue)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A provider adapter's registered name, such as `mtn-momo` or `stripe`.
public struct ProviderID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// The provider's clearing account name in the ledger.
    public var clearingAccountName: String { "provider:\(rawValue):clearing" }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Bad input to a public function: which field, and what is wrong with it. Never echoes a secret or a full
/// phone or card number.
public struct ValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
