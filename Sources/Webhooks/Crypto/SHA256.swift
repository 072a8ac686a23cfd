import COpenSSL

/// SHA-256 through libcrypto, for fingerprints such as stored API-key hashes.
public enum SHA256 {
    /// The 32-byte SHA-256 digest of `bytes`. Traps only if libcrypto fails (allocation failure).
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { output, initialized in
            var length: UInt32 = 0
            let status = bytes.withUnsafeBufferPointer { input in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
            precondition(status == 1 && length == 32, "EVP_Digest failed")
            initialized = 32
        }
    }
}
