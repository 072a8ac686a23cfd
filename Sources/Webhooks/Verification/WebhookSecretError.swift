/// Why a webhook secret was refused when a verifier or signer was built. Descriptions never include the
/// secret or any part of it.
public struct WebhookSecretError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case empty
        case notBase64
        case keyLength(Int)
    }

    private let reason: Reason

    private init(_ reason: Reason) {
        self.reason = reason
    }

    /// The secret is the empty string.
    public static let empty = Self(.empty)
    /// A secret that must be base64 (after an optional `whsec_` prefix) is not padded standard base64.
    public static let notBase64 = Self(.notBase64)
    /// A base64 secret decodes to a key of `byteCount` bytes, outside the scheme's allowed range.
    public static func keyLength(_ byteCount: Int) -> Self { Self(.keyLength(byteCount)) }

    public var description: String {
        switch reason {
        case .empty: "webhook secret is empty"
        case .notBase64: "webhook secret is not standard base64"
        case .keyLength(let count): "webhook secret decodes to \(count) bytes, outside the allowed range"
        }
    }
}
