import Testing
@testable import Webhooks

/// libcrypto-backed primitives against published vectors (RFC 4231 HMAC, FIPS 180-2 SHA-256, RFC 4648 base64).
@Suite struct CryptoPrimitiveTests {
    struct HMACVector: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let message: String
        let sha256: String
        let sha512: String
        var testDescription: String { name }
    }

    static let rfc4231: [HMACVector] = [
        HMACVector(
            name: "case 1", key: Array(repeating: 0x0b, count: 20), message: "Hi There",
            sha256: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            sha512: "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
                + "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
        HMACVector(
            name: "case 2", key: Array("Jefe".utf8), message: "what do ya want for nothing?",
            sha256: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            sha512: "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
                + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        HMACVector(
            name: "case 6", key: Array(repeating: 0xaa, count: 131),
            message: "Test Using Larger Than Block-Size Key - Hash Key First",
            sha256: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            sha512: "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
                + "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
    ]

    @Test(arguments: rfc4231)
    func hmacMatchesRFC4231(vector: HMACVector) {
        let message = Array(vector.message.utf8)
        #expect(Hex.encode(HMACKey(.sha256, key: vector.key).authenticationCode(for: message)) == vector.sha256)
        #expect(Hex.encode(HMACKey(.sha512, key: vector.key).authenticationCode(for: message)) == vector.sha512)
    }

    @Test func reusedKeyGivesTheSameCodeEveryTime() {
        let key = HMACKey(.sha256, key: Array("Jefe".utf8))
        let message = Array("what do ya want for nothing?".utf8)
        let first = key.authenticationCode(for: message)
        _ = key.authenticationCode(for: Array("something else".utf8))
        #expect(key.authenticationCode(for: message) == first)
        #expect(Hex.encode(first) == Self.rfc4231[1].sha256)
    }

    @Test func emptyKeyAndMessageMatchTheKnownValue() {
        let code = HMACKey(.sha256, key: []).authenticationCode(for: [])
        #expect(Hex.encode(code) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func concurrentUseOfOneKeyIsConsistent() async {
        let key = HMACKey(.sha512, key: Array("Jefe".utf8))
        let message = Array("what do ya want for nothing?".utf8)
        let codes = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { Hex.encode(key.authenticationCode(for: message)) } }
            return await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(codes == [Self.rfc4231[1].sha512])
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func sha256MatchesFIPSVectors(input: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(input.utf8))) == digest)
    }

    @Test func constantTimeEqualityComparesContentAndLength() {
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(ConstantTime.equals([], []))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
    }

    @Test func hexRoundTripsAndRejectsBadInput() {
        #expect(Hex.encode([0x00, 0xab, 0xff]) == "00abff")
        #expect(Hex.decode("00abff") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("00ABFF") == [0x00, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")])
    func base64MatchesRFC4648(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test(arguments: ["Zg", "Zm8", "Zm9v\n", "Zm-v", "Zm_v", "Z===", "Zm 9v"])
    func base64RejectsUnpaddedOrNonStandardText(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func secureRandomBytesHaveTheRequestedLengthAndDiffer() {
        let a = SecureRandom.bytes(count: 32)
        let b = SecureRandom.bytes(count: 32)
        #expect(a.count == 32)
        #expect(a != b)
        #expect(SecureRandom.bytes(count: 0).isEmpty)
    }
}
