/// An HMAC key checks a signature by recomputing the code and comparing with `CRYPTO_memcmp`.
extension HMACKey: SignatureAlgorithm {
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        ConstantTime.equals(signature, authenticationCode(for: message))
    }

    /// Computes the code once, however many candidates the header carried.
    public func acceptsAny(of signatures: [[UInt8]], for message: [UInt8]) -> Bool {
        let expected = authenticationCode(for: message)
        return signatures.contains { ConstantTime.equals($0, expected) }
    }
}
