import Foundation

/// Signs in Flutterwave's HMAC form: `flutterwave-signature` with the base64 HMAC-SHA256 of the body. Id and
/// timestamp are not part of this scheme.
public struct FlutterwaveWebhookSigner: WebhookSigner {
    private let key: HMACKey

    /// Throws `empty` for an empty secret hash.
    public init(secretHash: String) throws(WebhookSecretError) {
        self.key = HMACKey(.sha256, key: try RawSecret.bytes(secretHash))
    }

    public func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders {
        WebhookHeaders([(name: "flutterwave-signature", value: Base64.encode(key.authenticationCode(for: body)))])
    }
}
