import COpenSSL

/// Why an RSA or AES operation was refused. Carries no key material and no plaintext.
public enum CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a PEM or DER key (or certificate) of the expected kind.
    case unreadableKey
    /// The key is not an RSA key.
    case notRSA
    /// Encryption failed: the message is longer than the key and padding allow.
    case messageTooLong
    /// Decryption failed: wrong key, wrong padding, or altered ciphertext.
    case decryptionFailed
    /// A symmetric key or IV of the wrong length.
    case badKeyLength

    public var description: String {
        switch self {
        case .unreadableKey: "not a readable RSA key or certificate"
        case .notRSA: "not an RSA key"
        case .messageTooLong: "message too long for the key and padding"
        case .decryptionFailed: "decryption failed"
        case .badKeyLength: "key or IV of the wrong length"
        }
    }
}

/// RSA padding schemes providers name.
public enum RSAPadding: Sendable {
    /// PKCS #1 v1.5 (Airtel's PIN and message keys, Daraja's SecurityCredential).
    case pkcs1
    /// OAEP with SHA-1 and MGF1-SHA-1, OpenSSL's default OAEP parameters.
    case oaep

    var openSSLValue: Int32 {
        switch self {
        case .pkcs1: RSA_PKCS1_PADDING
        case .oaep: RSA_PKCS1_OAEP_PADDING
        }
    }
}

/// Owns one `EVP_PKEY`.
final class PKeyBox: @unchecked Sendable {
    // @unchecked Sendable: the key is never mutated after creation; OpenSSL's EVP_PKEY operations through a
    // fresh EVP_PKEY_CTX are safe to run concurrently on one key.
    let key: OpaquePointer

    init(_ key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    func requireRSA() throws(CryptoError) {
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else { throw .notRSA }
    }
}

/// Runs `body` with a memory BIO reading `text`.
private func withReadBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T?) -> T? {
    bytes.withUnsafeBufferPointer { buffer -> T? in
        guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
        defer { BIO_free(bio) }
        return body(bio)
    }
}

/// The text written to a fresh memory BIO by `body`, or nil if it failed.
private func writtenText(_ body: (OpaquePointer) -> Int32) -> String? {
    guard let bio = BIO_new(BIO_s_mem()) else { return nil }
    defer { BIO_free(bio) }
    guard body(bio) == 1 else { return nil }
    var pointer: UnsafeMutablePointer<CChar>?
    let length = hub_BIO_get_mem_data(bio, &pointer)
    guard let pointer, length > 0 else { return nil }
    let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(length))
    return String(decoding: bytes, as: UTF8.self)
}

/// Runs an encrypt or decrypt operation of `key` over `input`, with `padding`.
private func pkeyCrypt(
    _ key: OpaquePointer, _ input: [UInt8], padding: RSAPadding, decrypt: Bool
) -> [UInt8]? {
    guard let context = EVP_PKEY_CTX_new(key, nil) else { return nil }
    defer { EVP_PKEY_CTX_free(context) }
    let initialised = decrypt ? EVP_PKEY_decrypt_init(context) : EVP_PKEY_encrypt_init(context)
    guard initialised == 1, EVP_PKEY_CTX_set_rsa_padding(context, padding.openSSLValue) == 1 else { return nil }
    return input.withUnsafeBufferPointer { inBuffer -> [UInt8]? in
        var length = 0
        let sizing = decrypt
            ? EVP_PKEY_decrypt(context, nil, &length, inBuffer.baseAddress, inBuffer.count)
            : EVP_PKEY_encrypt(context, nil, &length, inBuffer.baseAddress, inBuffer.count)
        guard sizing == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: length)
        let status = output.withUnsafeMutableBufferPointer { outBuffer in
            decrypt
                ? EVP_PKEY_decrypt(context, outBuffer.baseAddress, &length, inBuffer.baseAddress, inBuffer.count)
                : EVP_PKEY_encrypt(context, outBuffer.baseAddress, &length, inBuffer.baseAddress, inBuffer.count)
        }
        guard status == 1 else { return nil }
        return Array(output.prefix(length))
    }
}

/// An RSA public key: what a provider hands out so that the hub can encrypt to it (Airtel's PIN key, the
/// certificate Daraja encrypts initiator passwords with).
public struct RSAPublicKey: Sendable {
    let box: PKeyBox

    init(_ box: PKeyBox) { self.box = box }

    /// A key from a PEM `PUBLIC KEY` block (SubjectPublicKeyInfo) or a `CERTIFICATE` whose key is RSA.
    public init(pem: String) throws(CryptoError) {
        let bytes = Array(pem.utf8)
        if pem.contains("BEGIN CERTIFICATE") {
            let key = withReadBIO(bytes) { bio -> OpaquePointer? in
                guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else { return nil }
                defer { X509_free(certificate) }
                return X509_get_pubkey(certificate)
            }
            guard let key else { throw .unreadableKey }
            box = PKeyBox(key)
        } else {
            guard let key = withReadBIO(bytes, { PEM_read_bio_PUBKEY($0, nil, nil, nil) }) else { throw .unreadableKey }
            box = PKeyBox(key)
        }
        try box.requireRSA()
    }

    /// A key from DER SubjectPublicKeyInfo bytes (what Airtel serves, base64-encoded, at
    /// `/v1/rsa/encryption-keys`).
    public init(der: [UInt8]) throws(CryptoError) {
        let key = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &pointer, buffer.count)
        }
        guard let key else { throw .unreadableKey }
        box = PKeyBox(key)
        try box.requireRSA()
    }

    /// The key size in bits.
    public var bits: Int { Int(EVP_PKEY_get_bits(box.key)) }

    /// DER SubjectPublicKeyInfo.
    public var derBytes: [UInt8] {
        var pointer: UnsafeMutablePointer<UInt8>?
        let length = i2d_PUBKEY(box.key, &pointer)
        precondition(length > 0, "i2d_PUBKEY failed")
        defer { hub_OPENSSL_free(pointer) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    /// PEM `PUBLIC KEY` block.
    public var pem: String {
        guard let text = writtenText({ PEM_write_bio_PUBKEY($0, box.key) }) else { fatalError("PEM_write_bio_PUBKEY failed") }
        return text
    }

    /// `message` encrypted to this key. Each call gives a different ciphertext (both paddings are randomised).
    public func encrypt(_ message: [UInt8], padding: RSAPadding) throws(CryptoError) -> [UInt8] {
        guard let output = pkeyCrypt(box.key, message, padding: padding, decrypt: false) else { throw .messageTooLong }
        return output
    }
}

/// An RSA private key, held by simulators (and by tests) to decrypt what an adapter encrypted.
public struct RSAPrivateKey: Sendable {
    let box: PKeyBox

    /// A fresh key of `bits` bits (2048 by default; generation takes tens of milliseconds).
    public static func generate(bits: Int = 2048) -> RSAPrivateKey {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { fatalError("no RSA in libcrypto") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1,
              EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else { fatalError("RSA key generation failed") }
        return RSAPrivateKey(box: PKeyBox(key))
    }

    init(box: PKeyBox) { self.box = box }

    /// A key from a PEM `PRIVATE KEY` (PKCS #8) or `RSA PRIVATE KEY` (PKCS #1) block, unencrypted.
    public init(pem: String) throws(CryptoError) {
        guard let key = withReadBIO(Array(pem.utf8), { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else { throw .unreadableKey }
        box = PKeyBox(key)
        try box.requireRSA()
    }

    /// PEM `PRIVATE KEY` (PKCS #8), unencrypted.
    public var pem: String {
        let text = writtenText { PEM_write_bio_PrivateKey($0, box.key, nil, nil, 0, nil, nil) }
        guard let text else { fatalError("PEM_write_bio_PrivateKey failed") }
        return text
    }

    /// The public half: the same key, used only for what a public key does (encryption, its DER and PEM forms).
    public var publicKey: RSAPublicKey { RSAPublicKey(box) }

    /// The plaintext of `ciphertext`, or `.decryptionFailed`.
    public func decrypt(_ ciphertext: [UInt8], padding: RSAPadding) throws(CryptoError) -> [UInt8] {
        guard let output = pkeyCrypt(box.key, ciphertext, padding: padding, decrypt: true) else { throw .decryptionFailed }
        return output
    }
}

/// AES-256 in CBC mode with PKCS #7 padding, as Airtel's v2 message signing uses it.
public enum AES256CBC {
    /// Key length in bytes.
    public static let keyByteCount = 32
    /// IV length in bytes.
    public static let ivByteCount = 16

    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard let output = crypt(plaintext, key: key, iv: iv, encrypt: true) else { throw .badKeyLength }
        return output
    }

    /// The plaintext, or `.decryptionFailed` for a wrong key or altered ciphertext whose padding no longer
    /// checks (CBC is not authenticated: an alteration can also decrypt to other bytes).
    public static func decrypt(_ ciphertext: [UInt8], key: [UInt8], iv: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard key.count == keyByteCount, iv.count == ivByteCount else { throw .badKeyLength }
        guard let output = crypt(ciphertext, key: key, iv: iv, encrypt: false) else { throw .decryptionFailed }
        return output
    }

    private static func crypt(_ input: [UInt8], key: [UInt8], iv: [UInt8], encrypt: Bool) -> [UInt8]? {
        guard key.count == keyByteCount, iv.count == ivByteCount, let context = EVP_CIPHER_CTX_new() else { return nil }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex(context, EVP_aes_256_cbc(), nil, key, iv, encrypt ? 1 : 0) == 1 else { return nil }
        var output = [UInt8](repeating: 0, count: input.count + ivByteCount)
        var written: Int32 = 0
        var final: Int32 = 0
        let status = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard EVP_CipherUpdate(context, out.baseAddress, &written, input, Int32(input.count)) == 1 else { return false }
            return EVP_CipherFinal_ex(context, out.baseAddress! + Int(written), &final) == 1
        }
        guard status else { return nil }
        return Array(output.prefix(Int(written + final)))
    }
}
