import COpenSSL
import Foundation

/// Stripe's scheme: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`, each `v1` a
/// lowercase-hex HMAC-SHA256 over `"{t}.{raw body}"`, keyed with the whole secret string as UTF-8
/// (`whsec_` prefix included, never base64-decoded). Any `v1` matching any secret passes; `v0` and other
/// keys are ignored.
///
/// Future timestamps: Stripe's own libraries reject only timestamps older than the tolerance. This verifier
/// by default also rejects timestamps more than 300 s ahead of `now`, so a leaked signature cannot be
/// post-dated to stay replayable; pass `TimestampTolerance(past: 300, future: .infinity)` to match Stripe.
///
/// Verification allocates nothing: the header is read in place as UTF-8, the code is computed over the
/// timestamp, the dot and the body as three updates of one HMAC context (no concatenated copy), and each
/// `v1` is hex-decoded into a stack buffer and compared with `CRYPTO_memcmp`.
public struct StripeWebhookVerifier: WebhookVerifier {
    static let header = "stripe-signature"
    private let keys: [HMACKey]
    private let tolerance: TimestampTolerance

    /// Every secret in `secrets` is accepted (rotation). Throws `empty` for an empty secret; an empty list
    /// builds a verifier that rejects everything.
    public init(secrets: [String], tolerance: TimestampTolerance = .fiveMinutes) throws(WebhookSecretError) {
        var keys: [HMACKey] = []
        for secret in secrets {
            keys.append(HMACKey(.sha256, key: try RawSecret.bytes(secret)))
        }
        self.keys = keys
        self.tolerance = tolerance
    }

    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try SignatureCheck.precheck(secretCount: keys.count, body: body)
        guard var value = headers[Self.header] else { throw .missingHeader(Self.header) }
        let outcome = value.withUTF8 { header in
            body.withUnsafeBytes { body in Result { () throws(WebhookVerificationError) in try verify(header: header, body: body, now: now) } }
        }
        return try outcome.get()
    }

    private func verify(
        header: UnsafeBufferPointer<UInt8>, body: UnsafeRawBufferPointer, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        let text = try Self.timestampText(in: header)
        guard let timestamp = Self.timestamp(header[text]) else { throw .malformedHeader(Self.header) }
        try tolerance.check(timestamp, now: now)
        let prefix = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(header)[text])
        let dot: UInt8 = UInt8(ascii: ".")
        let index: Int? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * HMACKey.maxByteCount) { scratch in
            let expected = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(scratch)[..<32])
            let candidate = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(scratch)[32..<64])
            return withUnsafeBytes(of: dot) { dot in
                keys.firstIndex { key in
                    key.authenticate(prefix, dot, body, into: expected)
                    return Self.anySignature(in: header, equals: UnsafeRawBufferPointer(expected), scratch: candidate)
                }
            }
        }
        guard let index else { throw .signatureMismatch }
        return VerifiedWebhook(id: nil, timestamp: timestamp, secretIndex: index, bodySigned: true)
    }

    /// Calls `body` with the key and value ranges of each `,`-separated item, split at its first `=`.
    /// Throws `malformedHeader` for an item with no `=`.
    private static func forEachItem(
        _ header: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Range<Int>) throws(WebhookVerificationError) -> Void
    ) throws(WebhookVerificationError) {
        var start = 0
        while start <= header.count {
            var end = start
            while end < header.count, header[end] != UInt8(ascii: ",") { end += 1 }
            var equals = start
            while equals < end, header[equals] != UInt8(ascii: "=") { equals += 1 }
            guard equals < end else { throw .malformedHeader(Self.header) }
            try body(start..<equals, (equals + 1)..<end)
            start = end + 1
        }
    }

    private static func isKey(_ header: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ first: UInt8, _ second: UInt8? = nil) -> Bool {
        guard let second else { return range.count == 1 && header[range.lowerBound] == first }
        return range.count == 2 && header[range.lowerBound] == first && header[range.lowerBound + 1] == second
    }

    /// Checks the whole header (every item has `=`, exactly one `t`, every `v1` is hex of even length) and
    /// returns the range of the `t` value.
    private static func timestampText(in header: UnsafeBufferPointer<UInt8>) throws(WebhookVerificationError) -> Range<Int> {
        var timestamp: Range<Int>?
        try forEachItem(header) { (key, value) throws(WebhookVerificationError) in
            if isKey(header, key, UInt8(ascii: "t")) {
                guard timestamp == nil else { throw .malformedHeader(Self.header) }
                timestamp = value
            } else if isKey(header, key, UInt8(ascii: "v"), UInt8(ascii: "1")) {
                guard value.count.isMultiple(of: 2), header[value].allSatisfy(isHexDigit) else {
                    throw .malformedHeader(Self.header)
                }
            }
        }
        guard let timestamp else { throw .malformedHeader(Self.header) }
        return timestamp
    }

    /// Unix seconds written as 1 to 12 ASCII digits, as `UnixTimestamp.parse` accepts them.
    private static func timestamp(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Date? {
        guard (1...12).contains(digits.count) else { return nil }
        var seconds: Int64 = 0
        for digit in digits {
            guard let value = decimalValue(digit) else { return nil }
            seconds = seconds * 10 + Int64(value)
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// True when some `v1` decodes to exactly `expected`. Every `v1` of the right length is compared, in
    /// constant time, whatever the earlier ones gave.
    private static func anySignature(
        in header: UnsafeBufferPointer<UInt8>, equals expected: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer
    ) -> Bool {
        var matched = false
        // The header was validated by `timestampText`: no item lacks `=`, so this walk cannot throw.
        try? forEachItem(header) { key, value in
            guard isKey(header, key, UInt8(ascii: "v"), UInt8(ascii: "1")), value.count == 2 * expected.count else { return }
            var offset = value.lowerBound
            for index in 0..<expected.count {
                scratch[index] = (Hex.value(of: header[offset]) ?? 0) << 4 | (Hex.value(of: header[offset + 1]) ?? 0)
                offset += 2
            }
            if CRYPTO_memcmp(scratch.baseAddress, expected.baseAddress, expected.count) == 0 { matched = true }
        }
        return matched
    }

    private static func decimalValue(_ byte: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? byte - UInt8(ascii: "0") : nil
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || (byte | 0x20) &- UInt8(ascii: "a") < 6
    }
}
