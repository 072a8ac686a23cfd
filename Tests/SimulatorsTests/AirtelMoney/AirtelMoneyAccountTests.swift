import Foundation
import Hummingbird
import Testing
import Webhooks
@testable import Simulators

@Suite("Airtel Money simulator: the encryption key and KYC")
struct AirtelMoneyAccountTests {
    @Test("GET /v1/rsa/encryption-keys serves the public key as base64 SPKI DER with DP02010001001; a PIN encrypted to it is accepted")
    func encryptionKey() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let answer = try await client.get("/v1/rsa/encryption-keys")
            #expect(answer.status == .ok)
            #expect(answer.responseCode == "DP02010001001")
            let data = try #require(answer.json?["data"] as? [String: Any])
            #expect(data["key_id"] as? Int == 100)
            let validUpto = try #require(data["valid_upto"] as? String)
            #expect(validUpto.range(of: #"^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$"#, options: .regularExpression) != nil)
            let text = try #require(data["key"] as? String)
            #expect(text.hasPrefix("MIGfMA0G"))
            let served = try RSAPublicKey(der: try #require(Base64.decode(text)))
            #expect(served.bits == 1024)
            var disbursement = AirtelMoneyDisbursementCall()
            disbursement.pinJSON = "\"\(try AirtelMoneySigner.encryptPIN(publicKey: served))\""
            #expect(try await client.disburse(disbursement).responseCode == "DP00900001001")
            var signed = AirtelMoneyCollectionCall(version: "v2")
            let signature = try AirtelMoneySigner.sign(Array(signed.body.utf8), publicKey: served)
            signed.signed = false
            signed.overrides = ["x-key": signature.xKey, "x-signature": signature.xSignature]
            let collected = try await client.collect(signed)
            #expect(collected.status == .ok)
        }
    }

    @Test("KYC of a registered number: names, grade, is_barred, is_pin_set, registration.status and DP02200000001")
    func registered() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let answer = try await client.get("/standard/v1/users/701234567")
            #expect(answer.status == .ok)
            #expect(answer.responseCode == "DP02200000001")
            let data = try #require(answer.json?["data"] as? [String: Any])
            #expect(data["first_name"] as? String == "Ruth")
            #expect(data["last_name"] as? String == "Kato")
            #expect(data["msisdn"] as? String == "701234567")
            #expect(data["grade"] as? String == "SUBS")
            #expect(data["is_barred"] as? Bool == false)
            #expect(data["is_pin_set"] as? Bool == true)
            #expect((data["registration"] as? [String: Any])?["status"] as? String == "SUBS")
        }
    }

    @Test("KYC: the barred and PIN-less numbers, the unregistered one (DP02200000000), a number with its country code",
          arguments: [("700000006", 200, "DP02200000001", true, true), ("709999998", 200, "DP02200000001", false, false),
                      ("709999999", 404, "DP02200000000", false, true)] as [(String, Int, String, Bool, Bool)])
    func special(_ msisdn: String, _ status: Int, _ code: String, _ barred: Bool, _ pinSet: Bool) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let answer = try await client.get("/standard/v1/users/\(msisdn)")
            #expect(Int(answer.status.code) == status)
            #expect(answer.responseCode == code)
            if status == 200 {
                let data = try #require(answer.json?["data"] as? [String: Any])
                #expect(data["is_barred"] as? Bool == barred)
                #expect(data["is_pin_set"] as? Bool == pinSet)
            }
            let withCode = try await client.get("/standard/v1/users/256\(msisdn)")
            #expect(withCode.status == .badRequest)
            #expect(withCode.resultCode == "ESB000033")
        }
    }
}
