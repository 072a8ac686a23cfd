import Foundation

/// Signs as Paystack does: `x-paystack-signature` with the hex HMAC-SHA512 of the body. Id and timestamp
/// are not part of this scheme.
public struct PaystackWebhookSigner: WebhookSigner {
    private let key: HMACKey

    /// Throws `empty` for an empty key.
    public init(secretKey: String) throws(WebhookSecretError) {
        self.key = HMACKey(.sha512, key: try RawSecret.bytes(secretKey))
    }

    public func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders {
        WebhookHeaders([(name: "x-paystack-signature", value: Hex.encode(key.authenticationCode(for: body)))])
    }
}
