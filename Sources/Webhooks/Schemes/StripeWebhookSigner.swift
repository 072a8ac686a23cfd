import Foundation

/// Signs as Stripe does: one `Stripe-Signature: t=<unix seconds>,v1=<hex>` header, HMAC-SHA256 over
/// `"{t}.{body}"` keyed with the whole secret string. The message id is not part of this scheme.
public struct StripeWebhookSigner: WebhookSigner {
    private let key: HMACKey

    /// Throws `empty` for an empty secret.
    public init(secret: String) throws(WebhookSecretError) {
        self.key = HMACKey(.sha256, key: try RawSecret.bytes(secret))
    }

    public func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders {
        let seconds = UnixTimestamp.format(timestamp)
        let signature = key.authenticationCode(for: Array("\(seconds).".utf8) + body)
        return WebhookHeaders([(name: "Stripe-Signature", value: "t=\(seconds),v1=\(Hex.encode(signature))")])
    }
}
