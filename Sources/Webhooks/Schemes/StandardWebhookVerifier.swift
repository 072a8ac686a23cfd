import Foundation

/// The Standard Webhooks scheme (also Svix): headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
/// `webhook-signature`, a space-separated list of `<version>,<base64>` entries. Each `v1` entry is an
/// HMAC-SHA256 over `"{id}.{timestamp}.{raw body}"` keyed with the base64-decoded secret; other versions
/// (such as `v1a`, ed25519) are skipped. When no `webhook-id` is present, the `svix-id`, `svix-timestamp`
/// and `svix-signature` headers are read instead, never a mix of the two sets.
///
/// Timestamps more than 300 s old or ahead of `now` are rejected, as the spec requires.
public struct StandardWebhookVerifier: WebhookVerifier {
    private let check: SignatureCheck
    private let tolerance: TimestampTolerance

    /// Every secret is accepted (rotation). Throws for an empty secret, a tail that is not padded base64,
    /// or a key outside 24...64 bytes; an empty list builds a verifier that rejects everything.
    public init(secrets: [String], tolerance: TimestampTolerance = .fiveMinutes) throws(WebhookSecretError) {
        var algorithms: [any SignatureAlgorithm] = []
        for secret in secrets {
            algorithms.append(HMACKey(.sha256, key: try StandardWebhookSecret.key(secret)))
        }
        self.check = SignatureCheck(algorithms: algorithms)
        self.tolerance = tolerance
    }

    public func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try check.precheck(body: body)
        let prefix = headers["webhook-id"] == nil && headers["svix-id"] != nil ? "svix-" : "webhook-"
        let id = try Self.required(prefix + "id", in: headers)
        let timestampText = try Self.required(prefix + "timestamp", in: headers)
        let signatureHeader = prefix + "signature"
        let signatureList = try Self.required(signatureHeader, in: headers)
        guard let timestamp = UnixTimestamp.parse(timestampText) else {
            throw .malformedHeader(prefix + "timestamp")
        }
        let signatures = try Self.parseSignatures(signatureList, header: signatureHeader)
        try tolerance.check(timestamp, now: now)
        let message = Array("\(id).\(timestampText).".utf8) + body
        let index = try check.requireMatch(signatures: signatures, message: message)
        return VerifiedWebhook(id: id, timestamp: timestamp, secretIndex: index, bodySigned: true)
    }

    private static func required(
        _ name: String, in headers: WebhookHeaders
    ) throws(WebhookVerificationError) -> String {
        guard let value = headers[name] else { throw .missingHeader(name) }
        guard !value.isEmpty else { throw .malformedHeader(name) }
        return value
    }

    /// The decoded `v1` signatures. An entry without a comma, or a `v1` entry that is not base64, makes the
    /// whole header malformed; entries of other versions are skipped unread.
    private static func parseSignatures(
        _ list: String, header: String
    ) throws(WebhookVerificationError) -> [[UInt8]] {
        var signatures: [[UInt8]] = []
        for entry in list.split(separator: " ") {
            guard let comma = entry.firstIndex(of: ",") else { throw .malformedHeader(header) }
            guard entry[..<comma] == "v1" else { continue }
            guard let signature = Base64.decode(entry[entry.index(after: comma)...]) else {
                throw .malformedHeader(header)
            }
            signatures.append(signature)
        }
        return signatures
    }
}
