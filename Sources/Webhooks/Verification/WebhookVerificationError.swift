/// Why a webhook delivery was rejected. Descriptions name at most a header, never a secret, a signature
/// or body bytes, so they are safe to log and to return to the sender.
public struct WebhookVerificationError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Reason: Hashable, Sendable {
        case noSecretConfigured
        case emptyBody
        case missingHeader(String)
        case malformedHeader(String)
        case timestampTooOld
        case timestampTooNew
        case signatureMismatch
    }

    private let reason: Reason

    private init(_ reason: Reason) {
        self.reason = reason
    }

    /// The verifier holds no secret, so it rejects every delivery rather than accept any.
    public static let noSecretConfigured = Self(.noSecretConfigured)
    /// The body is empty; no supported provider sends one, so it is never accepted.
    public static let emptyBody = Self(.emptyBody)
    /// The signed timestamp is older than the verifier's tolerance (a possible replay).
    public static let timestampTooOld = Self(.timestampTooOld)
    /// The signed timestamp is further in the future than the verifier's tolerance.
    public static let timestampTooNew = Self(.timestampTooNew)
    /// No configured secret produced any of the presented signatures.
    public static let signatureMismatch = Self(.signatureMismatch)

    /// A header the scheme requires is absent; `name` is the scheme's lowercase header name.
    public static func missingHeader(_ name: String) -> Self { Self(.missingHeader(name)) }
    /// A header is present but cannot be parsed; `name` is the scheme's lowercase header name.
    public static func malformedHeader(_ name: String) -> Self { Self(.malformedHeader(name)) }

    public var description: String {
        switch reason {
        case .noSecretConfigured: "no webhook secret is configured"
        case .emptyBody: "webhook body is empty"
        case .missingHeader(let name): "missing header '\(name)'"
        case .malformedHeader(let name): "malformed header '\(name)'"
        case .timestampTooOld: "webhook timestamp is too old"
        case .timestampTooNew: "webhook timestamp is too far in the future"
        case .signatureMismatch: "webhook signature does not match"
        }
    }
}
