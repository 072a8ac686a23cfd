import Foundation

/// Flutterwave's newer scheme: `flutterwave-signature` is the base64 HMAC-SHA256 of the raw body, keyed
/// with the dashboard "secret hash" as UTF-8.
///
/// Flutterwave's own documentation is contradictory: one copy says the header simply equals the secret
/// hash. So when no secret's HMAC matches, a header equal to a secret hash (constant-time) also passes.
/// That legacy form authenticates the sender only, not the body; the result's `bodySigned` is then false,
/// so callers can refuse or monitor it. Nothing is timestamped.
public struct FlutterwaveWebhookVerifier: WebhookVerifier {
    static let header = "flutterwave-signature"
    private let hmacCheck: SignatureCheck
    private let legacyCheck: SignatureCheck

    /// Every hash in `secretHashes` is accepted (rotation). Throws `empty` for an empty hash; an empty list
    /// builds a verifier that rejects everything.
    public init(secretHashes: [String]) throws(WebhookSecretError) {
        var hmacs: [any SignatureAlgorithm] = []
        var matches: [any SignatureAlgorithm] = []
        for secret in secretHashes {
            let bytes = try RawSecret.bytes(secret)
            hmacs.append(HMACKey(.sha256, key: bytes))
            matches.append(SharedSecretMatch(secret: bytes))
        }
        self.hmacCheck = SignatureCheck(algorithms: hmacs)
        self.legacyCheck = SignatureCheck(algorithms: matches)
    }

    /// `now` is unused: the scheme signs no timestamp.
    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try hmacCheck.precheck(body: body)
        guard let value = headers[Self.header] else { throw .missingHeader(Self.header) }
        guard !value.isEmpty else { throw .malformedHeader(Self.header) }
        if let signature = Base64.decode(value),
           let index = hmacCheck.matchingSecretIndex(signatures: [signature], message: body) {
            return VerifiedWebhook(id: nil, timestamp: nil, secretIndex: index, bodySigned: true)
        }
        let index = try legacyCheck.requireMatch(signatures: [Array(value.utf8)], message: body)
        return VerifiedWebhook(id: nil, timestamp: nil, secretIndex: index, bodySigned: false)
    }
}
