import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's `RAND_bytes`, for secrets, keys and nonces.
public enum SecureRandom {
    /// `count` random bytes. Traps if the generator cannot be seeded: handing out predictable secrets is worse.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        return [UInt8](unsafeUninitializedCapacity: count) { output, initialized in
            if count > 0 {
                precondition(RAND_bytes(output.baseAddress, Int32(count)) == 1, "RAND_bytes failed")
            }
            initialized = count
        }
    }
}
