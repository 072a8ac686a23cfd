import COpenSSL
import Foundation

/// An X.509 certificate (PEM in, DER kept) whose public key checks RSA-SHA256 signatures.
public final class XMLCertificate: @unchecked Sendable {  // the X509 object is only read once loaded
    public let der: Data
    let certificate: OpaquePointer

    public init(pem: String) throws(XMLSecurityError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { BIO_free(bio) }
        let bytes = Array(pem.utf8)
        _ = bytes.withUnsafeBufferPointer { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
            throw XMLSecurityError(.signature, "not a PEM certificate")
        }
        self.certificate = certificate
        var buffer: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(certificate, &buffer)
        guard length > 0, let buffer else {
            X509_free(certificate)
            throw XMLSecurityError(.signature, "the certificate cannot be encoded")
        }
        der = Data(bytes: buffer, count: Int(length))
        hub_OPENSSL_free(buffer)
        guard let key = X509_get0_pubkey(certificate), EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            X509_free(certificate)
            throw XMLSecurityError(.signature, "the certificate's key is not RSA")
        }
    }

    deinit { X509_free(certificate) }

    /// The certificate as PEM.
    public var pem: String {
        "-----BEGIN CERTIFICATE-----\n" + der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END CERTIFICATE-----\n"
    }

    func verifies(_ signature: Data, over message: Data) -> Bool {
        guard let key = X509_get0_pubkey(certificate), let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
        return signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { data in
                EVP_DigestVerify(context, sig.bindMemory(to: UInt8.self).baseAddress, sig.count,
                                 data.bindMemory(to: UInt8.self).baseAddress, data.count) == 1
            }
        }
    }
}

/// An RSA private key that signs with RSA-SHA256 (PKCS#1 v1.5), as XMLDSig's `rsa-sha256` requires.
public final class XMLSigningKey: @unchecked Sendable {  // the EVP_PKEY is only read once loaded
    let key: OpaquePointer

    public init(pem: String) throws(XMLSecurityError) {
        guard let bio = BIO_new(BIO_s_mem()) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { BIO_free(bio) }
        let bytes = Array(pem.utf8)
        _ = bytes.withUnsafeBufferPointer { BIO_write(bio, $0.baseAddress, Int32($0.count)) }
        guard let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else { throw XMLSecurityError(.signature, "not a PEM private key") }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            EVP_PKEY_free(key)
            throw XMLSecurityError(.signature, "the key is not RSA")
        }
        self.key = key
    }

    init(key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    func sign(_ message: Data) throws(XMLSecurityError) -> Data {
        guard let context = EVP_MD_CTX_new() else { throw XMLSecurityError(.signature, "out of memory") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw XMLSecurityError(.signature, "the key cannot sign") }
        var length = 0
        let ok = message.withUnsafeBytes { data -> Data? in
            let base = data.bindMemory(to: UInt8.self).baseAddress
            guard EVP_DigestSign(context, nil, &length, base, data.count) == 1 else { return nil }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(context, &signature, &length, base, data.count) == 1 else { return nil }
            return Data(signature.prefix(length))
        }
        guard let ok else { throw XMLSecurityError(.signature, "signing failed") }
        return ok
    }

    /// A new 2048-bit RSA key with a self-signed certificate for `commonName`, valid for `days`: what a simulated
    /// bank, or a test, signs with.
    public static func generate(commonName: String, days: Int = 365) throws(XMLSecurityError) -> (key: XMLSigningKey, certificate: XMLCertificate, keyPEM: String) {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw XMLSecurityError(.signature, "no RSA") }
        defer { EVP_PKEY_CTX_free(context) }
        var generated: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1,
              EVP_PKEY_generate(context, &generated) == 1, let pkey = generated else {
            throw XMLSecurityError(.signature, "the key could not be generated")
        }
        let key = XMLSigningKey(key: pkey)
        guard let x509 = X509_new() else { throw XMLSecurityError(.signature, "out of memory") }
        defer { X509_free(x509) }
        X509_set_version(x509, 2)
        ASN1_INTEGER_set(X509_get_serialNumber(x509), Int(UInt32.random(in: 1...UInt32.max)))
        X509_gmtime_adj(X509_getm_notBefore(x509), -60)
        X509_gmtime_adj(X509_getm_notAfter(x509), days * 86_400)
        X509_set_pubkey(x509, pkey)
        let name = X509_get_subject_name(x509)
        X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0)
        X509_set_issuer_name(x509, name)
        guard X509_sign(x509, pkey, EVP_sha256()) > 0 else { throw XMLSecurityError(.signature, "the certificate could not be signed") }
        guard let out = BIO_new(BIO_s_mem()) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { BIO_free(out) }
        PEM_write_bio_X509(out, x509)
        let certificatePEM = readAll(out)
        guard let keyOut = BIO_new(BIO_s_mem()) else { throw XMLSecurityError(.signature, "out of memory") }
        defer { BIO_free(keyOut) }
        PEM_write_bio_PrivateKey(keyOut, pkey, nil, nil, 0, nil, nil)
        return (key, try XMLCertificate(pem: certificatePEM), readAll(keyOut))
    }

    static func readAll(_ bio: OpaquePointer) -> String {
        var pointer: UnsafeMutablePointer<CChar>?
        let length = hub_BIO_get_mem_data(bio, &pointer)
        guard length > 0, let pointer else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
