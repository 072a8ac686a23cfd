import Foundation

/// Flutterwave's v3 scheme: the `verif-hash` header must equal the dashboard "secret hash" (constant-time).
/// No HMAC is involved, so the body is not authenticated (`bodySigned` is false) and nothing is
/// timestamped; confirm the transaction through the API before acting on it.
public struct FlutterwaveV3WebhookVerifier: WebhookVerifier {
    static let header = "verif-hash"
    private let check: SignatureCheck

    /// Every hash in `secretHashes` is accepted (rotation). Throws `empty` for an empty hash; an empty list
    /// builds a verifier that rejects everything.
    public init(secretHashes: [String]) throws(WebhookSecretError) {
        var algorithms: [any SignatureAlgorithm] = []
        for secret in secretHashes {
            algorithms.append(SharedSecretMatch(secret: try RawSecret.bytes(secret)))
        }
        self.check = SignatureCheck(algorithms: algorithms)
    }

    /// `now` is unused: the scheme signs no timestamp.
    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try check.precheck(body: body)
        guard let value = headers[Self.header] else { throw .missingHeader(Self.header) }
        guard !value.isEmpty else { throw .malformedHeader(Self.header) }
        let index = try check.requireMatch(signatures: [Array(value.utf8)], message: body)
        return VerifiedWebhook(id: nil, timestamp: nil, secretIndex: index, bodySigned: false)
    }
}
