import Webhooks

/// The initiator's credential check. Daraja's `SecurityCredential` is base64(RSA PKCS #1 v1.5(Safaricom's
/// certificate, initiator password)); PKCS #1 v1.5 encryption is randomised, so two credentials for one password
/// differ and the only check is to decrypt with the private key and compare the password.
struct MPesaSecurityCredential: Sendable {
    let initiatorName: String
    let initiatorPassword: String
    let key: RSAPrivateKey

    /// A fresh credential for the configured password, as the portal's "test credentials" page hands one out.
    /// Throws `messageTooLong` for a password longer than the key and padding allow (245 bytes for 2048 bits).
    func issue() throws(CryptoError) -> String {
        Base64.encode(try key.publicKey.encrypt(Array(initiatorPassword.utf8), padding: .pkcs1))
    }

    /// Whether `name` is the initiator and `credential` decrypts to its password. Line breaks inside the base64
    /// (as `openssl base64` writes it) are ignored; anything else that is not padded base64 fails.
    func accepts(name: String, credential: String) -> Bool {
        guard name == initiatorName else { return false }
        let compact = credential.filter { $0 != "\n" && $0 != "\r" }
        guard let ciphertext = Base64.decode(compact), let plaintext = try? key.decrypt(ciphertext, padding: .pkcs1) else {
            return false
        }
        return plaintext == Array(initiatorPassword.utf8)
    }
}
