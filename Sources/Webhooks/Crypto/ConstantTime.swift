import COpenSSL

/// Comparison whose running time does not depend on where two byte strings differ.
public enum ConstantTime {
    /// True when `a` and `b` hold the same bytes, compared with `CRYPTO_memcmp`. Lengths are compared first
    /// and in the open: a signature's length is public, only its content is secret.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in CRYPTO_memcmp(a.baseAddress, b.baseAddress, a.count) == 0 }
        }
    }
}
