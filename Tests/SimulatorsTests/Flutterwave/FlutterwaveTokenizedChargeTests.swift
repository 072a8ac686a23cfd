import Foundation
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: tokenized card charges")
struct FlutterwaveTokenizedChargeTests {
    @Test("the documented request is charged at once and answered with the documented fields")
    func documentedRequest() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let request = try FlutterwaveFixtures.text("tokenized-charge_request.json")
            let answer = try await client.call(.post, "/v3/tokenized-charges", body: request)
            let documented = try FlutterwaveFixtures.json("tokenized-charge_successful.json")
            #expect(answer.status == .ok)
            #expect(answer.message == "Charge successful")
            #expect(Set(try #require(answer.json).keys) == Set(documented.keys))
            let data = try #require(answer.data)
            let documentedData = documented["data"] as? [String: Any] ?? [:]
            #expect(Set(data.keys).isSuperset(of: documentedData.keys))
            let card = try #require(data["card"] as? [String: Any])
            #expect(Set(card.keys) == Set((documentedData["card"] as? [String: Any] ?? [:]).keys))
            #expect(card["last_4digits"] as? String == "2950")
            #expect(card["token"] as? String == "flw-t1nf-5531886652142950-m03k")
            #expect(data["status"] as? String == "successful")
            #expect(data["tx_ref"] as? String == "tokenized-c-001")
            #expect(data["payment_type"] as? String == "card")
            #expect(answer.number("amount") == "2000")
            let customer = try #require(data["customer"] as? [String: Any])
            #expect(customer["name"] as? String == "Flutterwave Developers")
        }
    }

    @Test("a 3-D Secure card answers pending with a redirect in data.meta, then completes")
    func threeDSecure() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.chargeToken("flw-t1nf-4187427415564246-m03k", txRef: "3DS-1")
            #expect(answer.status == .ok)
            #expect(answer.message == "Charge initiated")
            #expect(answer.data?["status"] as? String == "pending")
            #expect(answer.data?["auth_model"] as? String == "VBVSECURECODE")
            let authorization = (answer.data?["meta"] as? [String: Any])?["authorization"] as? [String: Any]
            #expect(authorization?["mode"] as? String == "redirect")
            #expect((authorization?["redirect"] as? String)?.contains("/sim/v1/checkout/") == true)
            #expect(answer.json?["meta"] == nil)
            #expect(try await client.finalCharge(txRef: "3DS-1").data?["status"] as? String == "successful")
        }
    }

    @Test("a decline is a 400 with the processor's words, and the failed charge can still be verified by tx_ref")
    func declineIsRecorded() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.chargeToken("flw-t1nf-5258585922666506-m03k", txRef: "DECLINED-1")
            #expect(answer.status == .badRequest)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.json?["data"] is NSNull)
            let verified = try await client.verify(txRef: "DECLINED-1")
            #expect(verified.status == .ok)
            #expect(verified.data?["status"] as? String == "failed")
            #expect(verified.data?["amount_settled"] is NSNull)
            #expect(await harness.simulator.balance(in: .init(code: "NGN")!).collected == 0)
        }
    }

    @Test("a declined tx_ref cannot be retried under the same tx_ref")
    func declinedTxRefIsTaken() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeToken("flw-t1nf-5143010522339965-m03k", txRef: "RETRY-1")
            let retry = try await client.chargeToken("flw-t1nf-5531886652142950-m03k", txRef: "RETRY-1")
            #expect(retry.status == .badRequest)
            #expect(retry.message == "A transaction with this tx_ref already exists")
        }
    }
}
