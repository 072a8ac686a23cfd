import Foundation

/// The scheme-independent half of verification: one `SignatureAlgorithm` per configured secret, tried in
/// order, and the fail-closed checks every scheme shares.
struct SignatureCheck: Sendable {
    let algorithms: [any SignatureAlgorithm]

    /// Rejects before any header is read: no secret configured, or an empty body.
    func precheck(body: [UInt8]) throws(WebhookVerificationError) {
        try Self.precheck(secretCount: algorithms.count, body: body)
    }

    /// The same checks for a scheme that holds its keys itself.
    static func precheck(secretCount: Int, body: [UInt8]) throws(WebhookVerificationError) {
        if secretCount == 0 { throw .noSecretConfigured }
        if body.isEmpty { throw .emptyBody }
    }

    /// The index of the first secret whose algorithm accepts one of `signatures` over `message`, or nil.
    func matchingSecretIndex(signatures: [[UInt8]], message: [UInt8]) -> Int? {
        guard !signatures.isEmpty else { return nil }
        return algorithms.firstIndex { $0.acceptsAny(of: signatures, for: message) }
    }

    /// Like `matchingSecretIndex`, but throws `signatureMismatch` when nothing matches.
    func requireMatch(signatures: [[UInt8]], message: [UInt8]) throws(WebhookVerificationError) -> Int {
        guard let index = matchingSecretIndex(signatures: signatures, message: message) else {
            throw .signatureMismatch
        }
        return index
    }
}
