import Testing
@testable import Webhooks

/// RSA and AES against answers produced independently with the `openssl` command line (`openssl pkeyutl
/// -encrypt -pkeyopt rsa_padding_mode:pkcs1`, `openssl enc -aes-256-cbc`), and round trips.
@Suite struct RSAAndAESTests {
    static let privatePEM = """
-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAKabZdn0aPAOHjzA
6cCEhzJcCPSwMVa8GQI+uHUGQEPpaWL6WR0YZx66BkswcBenzN1LKWrMoaSnI6dt
BHJBbZgfFN26MJbrgoeAkiLCNg9umIl1jGi3YSvPv3xrN6aN274z4Y8pwssTUKen
vnax7YnKMoDrEn542BwiBWzDmX07AgMBAAECgYAd2vsFc6baXa1NdcRtm1Ie1B9G
ucwdntdcb6DeV6Bsiwc3lWUisZzJBMzb7HIpywgLH8zsNn9A4jKhbge98buRnPLR
dwJWLr6/JjCNXwryrxRZ2OcmJa2eUVzkBhPEUXKNWzegOWM08rmVpLl0PZc5bETl
yRFxiBpqyip29qYQAQJBANT+4tWoXKyXoNrXa6/Ql16AOs5+nPK8yw/1rORo/CTQ
YlM74UgJIYKF/TQ0JZ+ywQ5u8tElGkIpvNbS8vGQMsECQQDIPtI4gPboqbnlj70C
hSt2eyoXVlyUFJiTP+102ZmONqIHmeuXtdy0v1KY4PdIY3ARmU8EfpleLk8mdh0F
uDr7AkBZbIXZxCzcfXCYUJcyonXaxCVsarYEJ4VttuyWnQk3f5G4dkx4DPVXsl+D
Gl2tdcQeBjDF5DjpDFLvMnOzPaJBAkBaCcVEmthqrUZlLkhyhaaRU7gNXkuqWchx
DWGcFOuywmYAvPjt8lwW+aAOFbma1vthLmoVP0d+zZvRU3KhS8FZAkEAqbds8yH4
GoGc39W71LXCLHahBdEpsPJ07So38ojK62G59mCDbbWIzQMKkUwWg17rkYQvCH8A
sESneDeBQbG4rA==
-----END PRIVATE KEY-----
"""
    static let publicPEM = """
-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCmm2XZ9GjwDh48wOnAhIcyXAj0
sDFWvBkCPrh1BkBD6Wli+lkdGGceugZLMHAXp8zdSylqzKGkpyOnbQRyQW2YHxTd
ujCW64KHgJIiwjYPbpiJdYxot2Erz798azemjdu+M+GPKcLLE1Cnp752se2JyjKA
6xJ+eNgcIgVsw5l9OwIDAQAB
-----END PUBLIC KEY-----
"""
    static let certificatePEM = """
-----BEGIN CERTIFICATE-----
MIIB+jCCAWOgAwIBAgIUf0Vvf6aOnPjIUmZEo7RX8jfLp20wDQYJKoZIhvcNAQEL
BQAwDzENMAsGA1UEAwwEdGVzdDAeFw0yNjEyMDMxMDE2NTFaFw0zNjExMzAxMDE2
NTFaMA8xDTALBgNVBAMMBHRlc3QwgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGB
AKabZdn0aPAOHjzA6cCEhzJcCPSwMVa8GQI+uHUGQEPpaWL6WR0YZx66BkswcBen
zN1LKWrMoaSnI6dtBHJBbZgfFN26MJbrgoeAkiLCNg9umIl1jGi3YSvPv3xrN6aN
274z4Y8pwssTUKenvnax7YnKMoDrEn542BwiBWzDmX07AgMBAAGjUzBRMB0GA1Ud
DgQWBBSUSyzikLJ8zYl6UJS9uwHD5z3jXjAfBgNVHSMEGDAWgBSUSyzikLJ8zYl6
UJS9uwHD5z3jXjAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4GBAHDf
EEy+HTK8iUT6zJ6PJabbyQ9a2wyOcS/ctR7xIahBgT1vF5qYKAUfsxX4fVMLBm4T
BdjwgkfELoAFnKN1PdwvWCtasJv5ECKmH6yuZnP4LfDMkuCIAjVrXpF7wHmqs9UX
za2PCr+ZZh5mbP0s0WmVuXA4t29+lwcpESNc7Xby
-----END CERTIFICATE-----
"""
    /// `1234` encrypted to `publicPEM` with PKCS #1 v1.5 by `openssl pkeyutl`.
    static let pinCiphertext = "CMIo4hACgatWzZ6/y12VGhKp57pdvGXBPitN/sl01OH1K21MXAG1rfFc446CxUwK7szZuoqeSU4mCHeR/0UWOd8dIKHmTcCIia9TpWoLrWUD+W5oqfhWX3YJG3XqfFGru7yLn1P96rKvwrD5V0eOt8JDGd3up0Oya/uT9KXnW9M="

    @Test func decryptsWhatOpenSSLEncryptedWithPKCS1() throws {
        let key = try RSAPrivateKey(pem: Self.privatePEM)
        let plain = try key.decrypt(#require(Base64.decode(Self.pinCiphertext)), padding: .pkcs1)
        #expect(String(decoding: plain, as: UTF8.self) == "1234")
    }

    @Test func publicKeyFromPEMCertificateAndDERAreTheSameKey() throws {
        let fromPEM = try RSAPublicKey(pem: Self.publicPEM)
        let fromCertificate = try RSAPublicKey(pem: Self.certificatePEM)
        let fromDER = try RSAPublicKey(der: fromPEM.derBytes)
        #expect(fromPEM.derBytes == fromCertificate.derBytes)
        #expect(fromDER.derBytes == fromPEM.derBytes)
        #expect(fromPEM.bits == 1024)
        #expect(try RSAPrivateKey(pem: Self.privatePEM).publicKey.derBytes == fromPEM.derBytes)
        #expect(fromPEM.pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
    }

    @Test(arguments: [RSAPadding.pkcs1, .oaep])
    func roundTripsWithAFreshKeyAndDiffersEachTime(padding: RSAPadding) throws {
        let key = RSAPrivateKey.generate(bits: 2048)
        let message = Array("0000".utf8)
        let first = try key.publicKey.encrypt(message, padding: padding)
        let second = try key.publicKey.encrypt(message, padding: padding)
        #expect(first.count == 256)
        #expect(first != second)
        #expect(try key.decrypt(first, padding: padding) == message)
        let reread = try RSAPrivateKey(pem: key.pem)
        #expect(try reread.decrypt(second, padding: padding) == message)
    }

    @Test func wrongKeyTamperedCiphertextAndWrongPaddingAreRefused() throws {
        let key = try RSAPrivateKey(pem: Self.privatePEM)
        var ciphertext = try #require(Base64.decode(Self.pinCiphertext))
        #expect(throws: CryptoError.decryptionFailed) { try RSAPrivateKey.generate(bits: 1024).decrypt(ciphertext, padding: .pkcs1) }
        #expect(throws: CryptoError.decryptionFailed) { try key.decrypt(ciphertext, padding: .oaep) }
        ciphertext[10] ^= 0x01
        #expect(throws: CryptoError.decryptionFailed) { try key.decrypt(ciphertext, padding: .pkcs1) }
    }

    @Test func tooLongMessageAndUnreadableKeysAreRefused() throws {
        let key = try RSAPublicKey(pem: Self.publicPEM)
        #expect(throws: CryptoError.messageTooLong) { try key.encrypt([UInt8](repeating: 1, count: 118), padding: .pkcs1) }
        #expect(throws: CryptoError.unreadableKey) { try RSAPublicKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n") }
        #expect(throws: CryptoError.unreadableKey) { try RSAPublicKey(der: [0x30, 0x03, 0x02, 0x01, 0x01]) }
        #expect(throws: CryptoError.unreadableKey) { try RSAPrivateKey(pem: Self.publicPEM) }
    }

    static let aesKey = Hex.decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")!
    static let aesIV = Hex.decode("000102030405060708090a0b0c0d0e0f")!

    @Test func aesMatchesOpenSSLAndRoundTrips() throws {
        let ciphertext = try AES256CBC.encrypt(Array("attack at dawn".utf8), key: Self.aesKey, iv: Self.aesIV)
        #expect(Hex.encode(ciphertext) == "9815750861fd78a00a12e60534ee0106")
        #expect(try AES256CBC.decrypt(ciphertext, key: Self.aesKey, iv: Self.aesIV) == Array("attack at dawn".utf8))
        let long = [UInt8](repeating: 7, count: 48)
        #expect(try AES256CBC.encrypt(long, key: Self.aesKey, iv: Self.aesIV).count == 64)
    }

    @Test func aesRefusesBadLengthsAndBrokenPadding() throws {
        #expect(throws: CryptoError.badKeyLength) { try AES256CBC.encrypt([1], key: [1, 2], iv: Self.aesIV) }
        #expect(throws: CryptoError.badKeyLength) { try AES256CBC.decrypt([1], key: Self.aesKey, iv: [0]) }
        var wrongKey = Self.aesKey
        wrongKey[0] ^= 0xff
        let ciphertext = try AES256CBC.encrypt(Array("attack at dawn".utf8), key: Self.aesKey, iv: Self.aesIV)
        let outcome = Result { try AES256CBC.decrypt(ciphertext, key: wrongKey, iv: Self.aesIV) }
        if case .success(let plain) = outcome { #expect(plain != Array("attack at dawn".utf8)) }
        #expect(throws: CryptoError.decryptionFailed) { try AES256CBC.decrypt([1, 2, 3], key: Self.aesKey, iv: Self.aesIV) }
    }
}
