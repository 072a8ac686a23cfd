import Foundation

/// Standard base64 (RFC 4648 section 4: `+`, `/`, `=` padding) as webhook signatures and secrets use it.
public enum Base64 {
    /// Padded base64 of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The bytes of padded base64 `text`, or nil for anything else: missing padding, URL-safe characters,
    /// whitespace or line breaks.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        guard text.utf8.count.isMultiple(of: 4), let data = Data(base64Encoded: String(text)) else { return nil }
        return [UInt8](data)
    }
}
