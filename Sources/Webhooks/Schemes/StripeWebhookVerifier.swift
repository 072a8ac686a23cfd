import Foundation

/// Stripe's scheme: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=…]`, each `v1` a
/// lowercase-hex HMAC-SHA256 over `"{t}.{raw body}"`, keyed with the whole secret string as UTF-8
/// (`whsec_` prefix included, never base64-decoded). Any `v1` matching any secret passes; `v0` and other
/// keys are ignored.
///
/// Future timestamps: Stripe's own libraries reject only timestamps older than the tolerance. This verifier
/// by default also rejects timestamps more than 300 s ahead of `now`, so a leaked signature cannot be
/// post-dated to stay replayable; pass `TimestampTolerance(past: 300, future: .infinity)` to match Stripe.
public struct StripeWebhookVerifier: WebhookVerifier {
    static let header = "stripe-signature"
    private let check: SignatureCheck
    private let tolerance: TimestampTolerance

    /// Every secret in `secrets` is accepted (rotation). Throws `empty` for an empty secret; an empty list
    /// builds a verifier that rejects everything.
    public init(secrets: [String], tolerance: TimestampTolerance = .fiveMinutes) throws(WebhookSecretError) {
        var algorithms: [any SignatureAlgorithm] = []
        for secret in secrets {
            algorithms.append(HMACKey(.sha256, key: try RawSecret.bytes(secret)))
        }
        self.check = SignatureCheck(algorithms: algorithms)
        self.tolerance = tolerance
    }

    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try check.precheck(body: body)
        guard let value = headers[Self.header] else { throw .missingHeader(Self.header) }
        let (timestampText, signatures) = try Self.parse(value)
        guard let timestamp = UnixTimestamp.parse(timestampText) else { throw .malformedHeader(Self.header) }
        try tolerance.check(timestamp, now: now)
        let message = Array("\(timestampText).".utf8) + body
        let index = try check.requireMatch(signatures: signatures, message: message)
        return VerifiedWebhook(id: nil, timestamp: timestamp, secretIndex: index, bodySigned: true)
    }

    /// Splits the header on `,` and each item on its first `=`. Exactly one `t` is required; every `v1`
    /// must be hex.
    private static func parse(_ value: String) throws(WebhookVerificationError) -> (Substring, [[UInt8]]) {
        var timestamp: Substring?
        var signatures: [[UInt8]] = []
        for item in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let equals = item.firstIndex(of: "=") else { throw .malformedHeader(header) }
            let key = item[..<equals]
            let text = item[item.index(after: equals)...]
            switch key {
            case "t":
                guard timestamp == nil else { throw .malformedHeader(header) }
                timestamp = text
            case "v1":
                guard let signature = Hex.decode(text) else { throw .malformedHeader(header) }
                signatures.append(signature)
            default:
                continue
            }
        }
        guard let timestamp else { throw .malformedHeader(header) }
        return (timestamp, signatures)
    }
}
