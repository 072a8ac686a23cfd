import Foundation
import Testing
@testable import Simulators

@Suite("Stripe simulator: form bodies")
struct StripeFormTests {
    @Test("pairs are percent-decoded, + is a space, and metadata brackets form a hash")
    func decodesBrackets() throws {
        let form = try StripeForm(
            decoding: "amount=5000&description=Top+up%20for%20%2B250&metadata%5Breference%5D=ref-1&metadata[wallet]=w%3D9"
        )
        #expect(form.value("amount") == "5000")
        #expect(form.value("description") == "Top up for +250")
        #expect(try form.hash("metadata") == ["reference": "ref-1", "wallet": "w=9"])
        #expect(try form.hash("absent").isEmpty)
    }

    @Test("a nested hash entry or a bare hash name is refused", arguments: ["metadata[a][b]=1", "metadata=x"])
    func refusesMalformedHash(_ body: String) throws {
        let form = try StripeForm(decoding: body)
        #expect(throws: StripeAPIError.self) { try form.hash("metadata") }
    }

    @Test("malformed percent-encoding is refused")
    func malformedEscape() {
        #expect(throws: StripeAPIError.self) { try StripeForm(decoding: "amount=%ZZ") }
    }

    @Test("the fingerprint ignores pair order but not values")
    func fingerprint() throws {
        let first = try StripeForm(decoding: "amount=100&currency=usd&metadata[a]=1")
        let reordered = try StripeForm(decoding: "metadata[a]=1&currency=usd&amount=100")
        let changed = try StripeForm(decoding: "amount=101&currency=usd&metadata[a]=1")
        #expect(first.fingerprint == reordered.fingerprint)
        #expect(first.fingerprint != changed.fingerprint)
    }

    @Test("metadata sent in brackets comes back on the PaymentIntent")
    func metadataRoundTrip() async throws {
        try await StripeTestHarness().withClient { client in
            let answer = try await client.post("/v1/payment_intents", [
                ("amount", "2500"), ("currency", "rwf"), ("metadata[reference]", "wallet topup #7"),
                ("metadata[wallet_id]", "w_42"), ("description", "Card top-up"),
            ])
            #expect(answer.status == .ok)
            #expect(answer.json?["metadata"] as? [String: String] == ["reference": "wallet topup #7", "wallet_id": "w_42"])
            #expect(answer.json?["description"] as? String == "Card top-up")
        }
    }

    @Test("a JSON body is refused with 400 invalid_request_error")
    func jsonBodyRefused() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(
                .post, "/v1/payment_intents", body: #"{"amount":5000,"currency":"rwf"}"#,
                headers: ["Content-Type": "application/json"]
            )
            #expect(answer.status == .badRequest)
            #expect(answer.error?["type"] as? String == "invalid_request_error")
            #expect(await harness.simulator.paymentIntents().isEmpty)
        }
    }

    @Test("an unknown parameter is refused with parameter_unknown")
    func unknownParameter() async throws {
        try await StripeTestHarness().withClient { client in
            let answer = try await client.post("/v1/payment_intents", [("amount", "100"), ("currency", "usd"), ("amount_minor", "100")])
            #expect(answer.status == .badRequest)
            #expect(answer.error?["code"] as? String == "parameter_unknown")
            #expect(answer.error?["param"] as? String == "amount_minor")
        }
    }
}
