import Webhooks

/// Airtel's v2 message signing, checked from the receiving side, and the RSA-encrypted disbursement PIN.
///
/// A signed request carries `x-key` = base64(RSA(base64(aesKey) + ":" + base64(iv))) with the public key of
/// `GET /v1/rsa/encryption-keys`, and `x-signature` = base64(AES-256-CBC(the exact body bytes)). The copies of the
/// documentation name "RSA/ECB/PKCS1Padding" while one independent client uses OAEP, so both paddings are tried.
struct AirtelMoneyMessageSigning: Sendable {
    /// Why a signed request was refused; each is answered 403 with the signature-mismatch code.
    enum Failure: Error, Equatable {
        case missingHeader(String)
        /// `x-key` is not base64, or decrypts under neither padding to `base64(32 bytes):base64(16 bytes)`.
        case undecryptableKey
        /// `x-signature` is not base64, or does not decrypt under the key.
        case undecryptableSignature
        /// `x-signature` decrypts, but to other bytes than the body.
        case bodyMismatch
    }

    let privateKey: RSAPrivateKey

    /// Checks that `xSignature` is the AES encryption, under the key and IV inside `xKey`, of exactly `body`.
    func verify(body: [UInt8], xKey: String?, xSignature: String?) throws(Failure) {
        guard let xKey else { throw .missingHeader("x-key") }
        guard let xSignature else { throw .missingHeader("x-signature") }
        let (key, iv) = try sessionKey(xKey)
        guard let ciphertext = Base64.decode(xSignature) else { throw .undecryptableSignature }
        let plaintext: [UInt8]
        do { plaintext = try AES256CBC.decrypt(ciphertext, key: key, iv: iv) } catch { throw .undecryptableSignature }
        guard plaintext == body else { throw .bodyMismatch }
    }

    /// The AES key and IV carried by `x-key`.
    func sessionKey(_ xKey: String) throws(Failure) -> (key: [UInt8], iv: [UInt8]) {
        guard let encrypted = Base64.decode(xKey) else { throw .undecryptableKey }
        for padding in [RSAPadding.pkcs1, .oaep] {
            guard let plaintext = try? privateKey.decrypt(encrypted, padding: padding) else { continue }
            let parts = plaintext.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let key = Base64.decode(String(decoding: parts[0], as: UTF8.self)), key.count == AES256CBC.keyByteCount,
                  let iv = Base64.decode(String(decoding: parts[1], as: UTF8.self)), iv.count == AES256CBC.ivByteCount
            else { continue }
            return (key, iv)
        }
        throw .undecryptableKey
    }

    /// What an encrypted PIN turned out to be.
    enum PINCheck: Equatable {
        case correct
        /// It decrypts, but to another PIN.
        case incorrect
        /// It is not base64 or decrypts under neither padding.
        case undecryptable
    }

    /// Checks `encryptedPIN` = base64(RSA(PIN)) against `pin`, trying PKCS #1 v1.5, then OAEP.
    func checkPIN(_ encryptedPIN: String, against pin: String) -> PINCheck {
        guard let ciphertext = Base64.decode(encryptedPIN) else { return .undecryptable }
        var decrypted = false
        for padding in [RSAPadding.pkcs1, .oaep] {
            guard let plaintext = try? privateKey.decrypt(ciphertext, padding: padding) else { continue }
            decrypted = true
            if ConstantTime.equals(plaintext, Array(pin.utf8)) { return .correct }
        }
        return decrypted ? .incorrect : .undecryptable
    }
}
