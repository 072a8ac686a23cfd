import Foundation
import Testing
import Webhooks
@testable import Providers

/// v2 message signing and PIN encryption, checked against the official vector of PROVIDERS.md §8.2 and by decrypting
/// with the private half of a key generated for the test.
@Suite struct AirtelMoneySigningTests {
    typealias Support = AirtelMoneyTestSupport

    /// From 121-platform's `message_signing.ts` (the id really ends with a space).
    static let vectorKey = "PSw37xtnShLl7zgWn4dLSnf1J5GRhRsOD4OfvJOuLIM="
    static let vectorIV = "gGIhDvCBnSBhBgYiXCyMnw=="
    static let vectorBody = #"{"reference":"1234","subscriber":{"country":"UG","currency":"UGX","msisdn":"752604392"},"#
        + #""transaction":{"amount":"100","country":"UG","currency":"UGX","id":"test_id "}}"#
    static let vectorSignature = "bDOsVGZzbK0P5jO/M5QVMH/qxSmRJLEvIPZCdW6H81xvsZNI6jZej54oBQlHZ38yy63QNeyyYcfEkGJ8f3f15wHWs86V9BCIpHSesS3Srhoz"
        + "E/gGA1fLydeSS26mw0jhyt9XIpabk1RjDH59SfsrkHKU38I5mRlthG/t2qXJck0FhNR64bgOExm9CsuxUlfpsSoW1g81g1u5a4yMFIHhp77f+h3EXNHzcEsdSWhqTho="

    let encryption = AirtelMoneyEncryption(publicKey: Support.airtelKey.publicKey)

    @Test func theOfficialVectorSigns() throws {
        let key = try #require(Base64.decode(Self.vectorKey))
        let iv = try #require(Base64.decode(Self.vectorIV))
        let signed = try encryption.signature(for: Array(Self.vectorBody.utf8), key: key, iv: iv)
        #expect(signed.signature == Self.vectorSignature)
        #expect(Support.decrypt(signed.key) == Self.vectorKey + ":" + Self.vectorIV)
    }

    @Test func aOneByteChangeChangesTheSignature() throws {
        let key = try #require(Base64.decode(Self.vectorKey))
        let iv = try #require(Base64.decode(Self.vectorIV))
        let changed = Self.vectorBody.replacingOccurrences(of: #""amount":"100""#, with: #""amount":"900""#)
        #expect(try encryption.signature(for: Array(changed.utf8), key: key, iv: iv).signature != Self.vectorSignature)
    }

    @Test func freshKeysSealTheExactBody() throws {
        let body = Array(Self.vectorBody.utf8)
        let first = try encryption.signature(for: body)
        let second = try encryption.signature(for: body)
        #expect(first.signature != second.signature)
        for signed in [first, second] {
            let parts = try #require(Support.decrypt(signed.key)).split(separator: ":").map(String.init)
            let key = try #require(Base64.decode(parts[0]))
            let iv = try #require(Base64.decode(parts[1]))
            #expect(key.count == 32)
            #expect(iv.count == 16)
            #expect(try AES256CBC.decrypt(try #require(Base64.decode(signed.signature)), key: key, iv: iv) == body)
        }
    }

    @Test func thePINIsEncryptedWithPKCS1() throws {
        let pin = try encryption.encryptedPIN("4096")
        #expect(Support.decrypt(pin) == "4096")
        let bytes = try #require(Base64.decode(pin))
        #expect(bytes.count == 128, "a 1024-bit key's ciphertext")
        #expect(throws: CryptoError.self) { try Support.airtelKey.decrypt(bytes, padding: .oaep) }
    }

    @Test func theKeyIsReadAsPEMOrAsThePortalsBase64() throws {
        let pem = Support.airtelKey.publicKey.pem
        let bare = Base64.encode(Support.airtelKey.publicKey.derBytes)
        for text in [pem, bare, "  \(bare.prefix(40))\n\(bare.dropFirst(40))  "] {
            #expect(try AirtelMoneyEncryption.publicKey(text).derBytes == Support.airtelKey.publicKey.derBytes)
        }
        #expect(throws: CryptoError.self) { try AirtelMoneyEncryption.publicKey("-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----") }
        #expect(throws: CryptoError.self) { try AirtelMoneyEncryption.publicKey("not a key") }
    }
}
