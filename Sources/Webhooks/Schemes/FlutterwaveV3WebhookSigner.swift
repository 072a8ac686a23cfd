import Foundation

/// Produces Flutterwave v3's `verif-hash` header, which is the secret hash itself. Body, id and timestamp
/// do not enter it.
public struct FlutterwaveV3WebhookSigner: WebhookSigner {
    private let secretHash: String

    /// Throws `empty` for an empty secret hash.
    public init(secretHash: String) throws(WebhookSecretError) {
        guard !secretHash.isEmpty else { throw .empty }
        self.secretHash = secretHash
    }

    public func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders {
        WebhookHeaders([(name: "verif-hash", value: secretHash)])
    }
}
