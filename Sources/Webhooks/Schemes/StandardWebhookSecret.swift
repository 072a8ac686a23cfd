/// Standard Webhooks secrets: `whsec_` followed by padded standard base64 of the key. The prefix is optional,
/// as in the reference libraries. The key must be 24 to 64 bytes (192 to 512 bits), the spec's range; the
/// spec's own test key decodes to exactly 24 bytes.
enum StandardWebhookSecret {
    static let prefix = "whsec_"
    static let keyLengths = 24...64

    static func key(_ secret: String) throws(WebhookSecretError) -> [UInt8] {
        guard !secret.isEmpty else { throw .empty }
        let encoded = secret.hasPrefix(prefix) ? secret.dropFirst(prefix.count) : Substring(secret)
        guard let key = Base64.decode(encoded) else { throw .notBase64 }
        guard keyLengths.contains(key.count) else { throw .keyLength(key.count) }
        return key
    }
}
