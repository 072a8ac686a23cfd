/// The "which algorithm" part of a webhook scheme: checks signature bytes over message bytes with one
/// secret or public key. A scheme decides which bytes those are; rotation is one algorithm per secret.
public protocol SignatureAlgorithm: Sendable {
    /// True when `signature` is valid for `message`. Secret-dependent comparisons run in constant time.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool

    /// True when at least one of `signatures` is valid for `message`. Algorithms that can compute the
    /// expected signature once (HMAC) override this to avoid repeating the work per candidate.
    func acceptsAny(of signatures: [[UInt8]], for message: [UInt8]) -> Bool
}

extension SignatureAlgorithm {
    public func acceptsAny(of signatures: [[UInt8]], for message: [UInt8]) -> Bool {
        signatures.contains { isValidSignature($0, for: message) }
    }
}
