import COpenSSL
import Synchronization

/// An HMAC key bound to one digest, holding a keyed OpenSSL `EVP_MAC` context that is re-armed for every
/// message instead of re-keyed (about 2.3 times faster than one-shot `HMAC()`).
///
/// Safe to share across tasks: the context is used only under a `Mutex`, held while one message is hashed.
/// Measured on this two-core machine kind with 1 KiB messages, a locked shared context hashed about 440 000
/// messages/s from one or two threads, against 280 000/s for duplicating it per call (`EVP_MAC_CTX_dup`
/// allocates three digest contexts each time). An OpenSSL failure (only on allocation failure) traps.
// @unchecked Sendable: `context` is immutable and only ever used while `lock` is held.
public final class HMACKey: @unchecked Sendable {
    /// The hash function inside the HMAC.
    public enum Digest: Sendable {
        case sha256
        case sha512

        var openSSLName: String {
            switch self {
            case .sha256: "SHA256"
            case .sha512: "SHA512"
            }
        }

        /// Length in bytes of an authentication code.
        public var byteCount: Int {
            switch self {
            case .sha256: 32
            case .sha512: 64
            }
        }
    }

    /// The digest this key authenticates with.
    public let digest: Digest
    private let context: OpaquePointer
    private let lock = Mutex(())

    /// Keys a context with `key`; an empty key is valid HMAC (RFC 2104 pads it with zeros).
    public init(_ digest: Digest, key: [UInt8]) {
        self.digest = digest
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { fatalError("libcrypto has no HMAC") }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { fatalError("EVP_MAC_CTX_new failed") }
        // OpenSSL reads a NULL key as "keep the current key", so an empty key must still point somewhere.
        let keyBytes = key.isEmpty ? [0] : key
        let status = keyBytes.withUnsafeBufferPointer { buffer in
            hub_EVP_MAC_init_hmac(context, buffer.baseAddress, key.count, digest.openSSLName)
        }
        precondition(status == 1, "EVP_MAC_init failed")
        self.context = context
    }

    deinit {
        EVP_MAC_CTX_free(context)
    }

    /// The longest code any digest produces, in bytes.
    public static let maxByteCount = 64

    /// Writes the HMAC of the concatenation `first + second + third` into the first `digest.byteCount`
    /// bytes of `output`, without copying the parts together.
    public func authenticate(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, _ third: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) {
        let length = digest.byteCount
        precondition(output.count >= length, "output too small for the code")
        var written = 0
        let status = lock.withLock { _ in
            guard EVP_MAC_init(context, nil, 0, nil) == 1,
                  EVP_MAC_update(context, first.baseAddress, first.count) == 1,
                  EVP_MAC_update(context, second.baseAddress, second.count) == 1,
                  EVP_MAC_update(context, third.baseAddress, third.count) == 1 else { return Int32(0) }
            return EVP_MAC_final(context, output.baseAddress, &written, length)
        }
        precondition(status == 1 && written == length, "HMAC computation failed")
    }

    /// The HMAC of `message`, `digest.byteCount` bytes long.
    public func authenticationCode(for message: [UInt8]) -> [UInt8] {
        let length = digest.byteCount
        return [UInt8](unsafeUninitializedCapacity: length) { output, initialized in
            var written = 0
            let status = lock.withLock { _ in
                guard EVP_MAC_init(context, nil, 0, nil) == 1 else { return Int32(0) }
                let updated = message.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) }
                guard updated == 1 else { return Int32(0) }
                return EVP_MAC_final(context, output.baseAddress, &written, length)
            }
            precondition(status == 1 && written == length, "HMAC computation failed")
            initialized = length
        }
    }
}
