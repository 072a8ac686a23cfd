/// Secrets used verbatim as HMAC keys or shared values (Stripe, Paystack, Flutterwave): UTF-8 bytes of
/// the whole string, prefix included.
enum RawSecret {
    static func bytes(_ secret: String) throws(WebhookSecretError) -> [UInt8] {
        guard !secret.isEmpty else { throw .empty }
        return Array(secret.utf8)
    }
}
