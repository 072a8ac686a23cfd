import Foundation
@testable import Webhooks

/// Shared inputs for the webhook suites: fixtures, fixed instants and one-byte tampering.
enum TestSupport {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/webhooks")

    /// The Stripe vector payload, byte for byte (484 bytes, LF line endings, trailing newline).
    static func stripeEventBody() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixturesDirectory.appendingPathComponent("stripe_evt.json")))
    }

    static let body = Array(#"{"event":"charge.success","data":{"id":302961,"amount":27000}}"#.utf8)
    static let sentAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// `bytes` with the byte at `index` changed to a different value.
    static func tampered(_ bytes: [UInt8], at index: Int) -> [UInt8] {
        var copy = bytes
        copy[index] ^= 0x01
        return copy
    }

    /// `text` with the character at `offset` replaced by a different letter that is valid hex and base64.
    static func tampered(_ text: String, at offset: Int) -> String {
        var characters = Array(text)
        characters[offset] = characters[offset] == "a" ? "b" : "a"
        return String(characters)
    }

    /// `headers` with the value of `name` replaced, or removed when `value` is nil.
    static func replacing(_ name: String, with value: String?, in headers: WebhookHeaders) -> WebhookHeaders {
        var fields = headers.fields.filter { $0.name.lowercased() != name.lowercased() }
        if let value { fields.append((name: name, value: value)) }
        return WebhookHeaders(fields)
    }
}
