import Foundation

/// Signs as Standard Webhooks senders do: `webhook-id`, `webhook-timestamp` and a single-entry
/// `webhook-signature: v1,<base64>` over `"{id}.{timestamp}.{body}"`.
public struct StandardWebhookSigner: WebhookSigner {
    private let key: HMACKey

    /// Accepts the same secrets as `StandardWebhookVerifier` and throws for the same reasons.
    public init(secret: String) throws(WebhookSecretError) {
        self.key = HMACKey(.sha256, key: try StandardWebhookSecret.key(secret))
    }

    public func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders {
        let seconds = UnixTimestamp.format(timestamp)
        let signature = key.authenticationCode(for: Array("\(id).\(seconds).".utf8) + body)
        return WebhookHeaders([
            (name: "webhook-id", value: id),
            (name: "webhook-timestamp", value: seconds),
            (name: "webhook-signature", value: "v1,\(Base64.encode(signature))"),
        ])
    }
}
