import Foundation
import Webhooks

/// Airtel's encryption with its RSA public key (PROVIDERS.md §8.2): the disbursement PIN, and v2's message signing.
///
/// - `pin` = base64(RSA-PKCS#1-v1.5(PIN)).
/// - `x-signature` = base64(AES-256-CBC/PKCS#7 of the exact body bytes) under a fresh random key and IV;
///   `x-key` = base64(RSA-PKCS#1-v1.5(base64(key) + ":" + base64(iv))).
///
/// The sources disagree on the RSA padding (OAEP in one client library); PKCS#1 v1.5 is what the production
/// client and the "RSA/ECB/PKCS1Padding" of the documentation copy use.
struct AirtelMoneyEncryption: Sendable {
    let publicKey: RSAPublicKey

    /// The two v2 headers for `body`. `key` and `iv` are fresh random bytes unless a test fixes them.
    func signature(for body: [UInt8], key: [UInt8] = SecureRandom.bytes(count: AES256CBC.keyByteCount),
                   iv: [UInt8] = SecureRandom.bytes(count: AES256CBC.ivByteCount)) throws(CryptoError) -> (signature: String, key: String) {
        let signature = Base64.encode(try AES256CBC.encrypt(body, key: key, iv: iv))
        let sealed = try publicKey.encrypt(Array((Base64.encode(key) + ":" + Base64.encode(iv)).utf8), padding: .pkcs1)
        return (signature, Base64.encode(sealed))
    }

    /// The disbursement `pin` field.
    func encryptedPIN(_ pin: String) throws(CryptoError) -> String {
        Base64.encode(try publicKey.encrypt(Array(pin.utf8), padding: .pkcs1))
    }

    /// A key from a PEM `PUBLIC KEY` block (or a certificate), or from the bare base64 SubjectPublicKeyInfo Airtel's
    /// portal and `GET /v1/rsa/encryption-keys` hand out (`MIGfMA0G…`).
    static func publicKey(_ text: String) throws(CryptoError) -> RSAPublicKey {
        if text.contains("-----BEGIN") { return try RSAPublicKey(pem: text) }
        guard let der = Base64.decode(text.filter { !$0.isWhitespace }) else { throw .unreadableKey }
        return try RSAPublicKey(der: der)
    }
}
