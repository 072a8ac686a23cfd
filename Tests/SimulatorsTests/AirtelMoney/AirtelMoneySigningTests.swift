import Foundation
import Hummingbird
import Testing
import Hub
import Webhooks
@testable import Simulators

@Suite("Airtel Money simulator: v2 message signing (x-key, x-signature)")
struct AirtelMoneySigningTests {
    /// The official vector (PROVIDERS.md §8.2, from 121-platform `message_signing.ts`); `"test_id "` keeps its space.
    static let vectorKey = "PSw37xtnShLl7zgWn4dLSnf1J5GRhRsOD4OfvJOuLIM="
    static let vectorIV = "gGIhDvCBnSBhBgYiXCyMnw=="
    static let vectorBody = #"{"reference":"1234","subscriber":{"country":"UG","currency":"UGX","msisdn":"752604392"},"#
        + #""transaction":{"amount":"100","country":"UG","currency":"UGX","id":"test_id "}}"#
    static let vectorSignature = "bDOsVGZzbK0P5jO/M5QVMH/qxSmRJLEvIPZCdW6H81xvsZNI6jZej54oBQlHZ38yy63QNeyyYcfEkGJ8f3f15wHWs86V9BC"
        + "IpHSesS3SrhozE/gGA1fLydeSS26mw0jhyt9XIpabk1RjDH59SfsrkHKU38I5mRlthG/t2qXJck0FhNR64bgOExm9CsuxUlfpsSoW1g81g1u5a4yMFIHhp77f+"
        + "h3EXNHzcEsdSWhqTho="

    static func vectorHeaders(padding: RSAPadding) throws -> [String: String?] {
        let sessionKey = Array((vectorKey + ":" + vectorIV).utf8)
        let xKey = Base64.encode(try AirtelMoneyTestHarness.key.publicKey.encrypt(sessionKey, padding: padding))
        return ["x-key": xKey, "x-signature": vectorSignature]
    }

    @Test("the official vector verifies: its x-signature is the AES-256-CBC of the body under its key and IV")
    func vectorBytes() throws {
        let key = try #require(Base64.decode(Self.vectorKey))
        let iv = try #require(Base64.decode(Self.vectorIV))
        #expect(Base64.encode(try AES256CBC.encrypt(Array(Self.vectorBody.utf8), key: key, iv: iv)) == Self.vectorSignature)
        let signing = AirtelMoneyMessageSigning(privateKey: AirtelMoneyTestHarness.key)
        let xKey = try #require(try Self.vectorHeaders(padding: .pkcs1)["x-key"] ?? nil)
        #expect(throws: Never.self) { try signing.verify(body: Array(Self.vectorBody.utf8), xKey: xKey, xSignature: Self.vectorSignature) }
        #expect(throws: AirtelMoneyMessageSigning.Failure.bodyMismatch) {
            try signing.verify(body: Array(Self.vectorBody.replacingOccurrences(of: "test_id ", with: "test_id").utf8), xKey: xKey,
                               xSignature: Self.vectorSignature)
        }
    }

    @Test("the vector's request is accepted at /merchant/v2/payments/ with x-key under either padding",
          arguments: [RSAPadding.pkcs1, .oaep])
    func vectorAccepted(_ padding: RSAPadding) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let headers = client.headers(overrides: try Self.vectorHeaders(padding: padding))
            let answer = try await client.call(.post, "/merchant/v2/payments/", headers: headers, body: Array(Self.vectorBody.utf8))
            #expect(answer.status == .ok)
            #expect(answer.responseCode == "DP00800001006")
            #expect(answer.transaction?["id"] as? String == "test_id ")
            let recorded = try #require(await client.simulatorRecord("test_id "))
            #expect(recorded.amount.minorUnits == 100)
            #expect(recorded.apiVersion == "v2")
        }
    }

    /// A signed request that must be refused with 403 DP00800001026.
    static let refusals: [(String, @Sendable (inout AirtelMoneyCollectionCall) -> Void)] = [
        ("a body changed after signing", { $0.sentBody = $0.body.replacingOccurrences(of: #""amount":1500"#, with: #""amount":1600"#) }),
        ("a body re-serialised with a space", {
            $0.sentBody = $0.body.replacingOccurrences(of: #""reference":"#, with: #""reference": "#)
        }),
        ("no x-key", { $0.overrides["x-key"] = .some(nil) }),
        ("no x-signature", { $0.overrides["x-signature"] = .some(nil) }),
        ("neither header", { $0.signed = false }),
        ("an x-key that is not base64", { $0.overrides["x-key"] = "not base64!" }),
        ("an x-key for another key pair", { call in
            let other = RSAPrivateKey.generate(bits: 1024).publicKey
            let signature = try? AirtelMoneySigner.sign(Array(call.body.utf8), publicKey: other)
            call.overrides = ["x-key": signature?.xKey, "x-signature": signature?.xSignature]
        }),
        ("an x-signature that is not base64", { $0.overrides["x-signature"] = "%%%" }),
        ("an x-key holding no key:iv pair", { call in
            let xKey = try? Base64.encode(AirtelMoneyTestHarness.key.publicKey.encrypt(Array("just-one-part".utf8), padding: .pkcs1))
            call.overrides["x-key"] = xKey
        }),
    ]

    @Test(arguments: refusals.indices)
    func refused(_ index: Int) async throws {
        let (name, alter) = Self.refusals[index]
        try await AirtelMoneyTestHarness().withClient { client in
            var collection = AirtelMoneyCollectionCall(version: "v2")
            alter(&collection)
            let answer = try await client.collect(collection)
            #expect(answer.status == .forbidden, "\(name)")
            #expect(answer.responseCode == "DP00800001026", "\(name)")
            #expect(answer.statusBlock?["message"] as? String == "X-signature and payload did not match.")
            #expect(await AirtelMoneyTestHarness.recordedCount(client) == 0, "\(name)")
        }
    }

    @Test("a correctly signed v2 collection with a fresh key is accepted; v1 ignores signing headers")
    func freshKey() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let signed = try await client.collect(AirtelMoneyCollectionCall(version: "v2"))
            #expect(signed.status == .ok)
            var v1 = AirtelMoneyCollectionCall()
            v1.overrides = ["x-key": "garbage", "x-signature": "garbage"]
            #expect(try await client.collect(v1).status == .ok)
        }
    }
}

extension AirtelMoneyTestClient {
    /// The simulator's record through its report, with the API version.
    func simulatorRecord(_ id: String) async throws -> (amount: Money, apiVersion: String)? {
        let answer = try await call(.get, "/sim/v1/transactions", headers: [:])
        let lines = (try JSONSerialization.jsonObject(with: Data(answer.bodyText.utf8))) as? [[String: Any]] ?? []
        guard let line = lines.first(where: { $0["id"] as? String == id }), let code = line["currency"] as? String,
              let currency = Currency(code: code), let minor = (line["minor_units"] as? NSNumber)?.int64Value,
              let amount = try? Money(minorUnits: minor, currency: currency)
        else { return nil }
        return (amount, line["api_version"] as? String ?? "")
    }
}
