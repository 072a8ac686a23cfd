import Foundation

/// Paystack's scheme: `x-paystack-signature` is the lowercase-hex HMAC-SHA512 of the raw body, keyed with
/// the account's secret key (`sk_…`) as UTF-8. Nothing is timestamped, so replays within the provider's
/// retry window must be caught by deduplicating on the event's reference.
public struct PaystackWebhookVerifier: WebhookVerifier {
    static let header = "x-paystack-signature"
    private let check: SignatureCheck

    /// Every key in `secretKeys` is accepted (rotation). Throws `empty` for an empty key; an empty list
    /// builds a verifier that rejects everything.
    public init(secretKeys: [String]) throws(WebhookSecretError) {
        var algorithms: [any SignatureAlgorithm] = []
        for secret in secretKeys {
            algorithms.append(HMACKey(.sha512, key: try RawSecret.bytes(secret)))
        }
        self.check = SignatureCheck(algorithms: algorithms)
    }

    /// `now` is unused: the scheme signs no timestamp.
    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try check.precheck(body: body)
        guard let value = headers[Self.header] else { throw .missingHeader(Self.header) }
        guard let signature = Hex.decode(value), !signature.isEmpty else { throw .malformedHeader(Self.header) }
        let index = try check.requireMatch(signatures: [signature], message: body)
        return VerifiedWebhook(id: nil, timestamp: nil, secretIndex: index, bodySigned: true)
    }
}
