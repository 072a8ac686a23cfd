import Foundation
import Testing
@testable import Simulators

@Suite("Stripe simulator: Idempotency-Key")
struct StripeIdempotencyTests {
    @Test("the same key and body replay the first answer with Idempotent-Replayed")
    func replay() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let first = try await client.pay(idempotencyKey: "topup-001")
            #expect(first.status == .ok)
            #expect(first.header("Idempotent-Replayed") == nil)
            let second = try await client.pay(idempotencyKey: "topup-001")
            #expect(second.status == .ok)
            #expect(second.bodyText == first.bodyText)
            #expect(second.header("Idempotent-Replayed") == "true")
            #expect(second.header("Original-Request") == first.header("Request-Id"))
            #expect(await harness.simulator.paymentIntents().count == 1)
            #expect(await harness.simulator.paymentIntents().first?.idempotencyKey == "topup-001")
        }
    }

    @Test("the same key with other parameters is 400 idempotency_error")
    func mismatch() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            #expect(try await client.pay(amount: "5000", idempotencyKey: "topup-002").status == .ok)
            let other = try await client.pay(amount: "5001", idempotencyKey: "topup-002")
            #expect(other.status == .badRequest)
            #expect(other.error?["type"] as? String == "idempotency_error")
            #expect((other.error?["message"] as? String)?.hasPrefix(
                "Keys for idempotent requests can only be used with the same parameters they were first used with"
            ) == true)
            let otherEndpoint = try await client.post("/v1/refunds", [("payment_intent", "pi_x")], idempotencyKey: "topup-002")
            #expect(otherEndpoint.error?["type"] as? String == "idempotency_error")
            #expect(await harness.simulator.paymentIntents().count == 1)
        }
    }

    @Test("a validation failure is not saved: the key can be used again with corrected parameters")
    func validationNotSaved() async throws {
        try await StripeTestHarness().withClient { client in
            let invalid = try await client.pay(currency: "xyz", idempotencyKey: "topup-003")
            #expect(invalid.status == .badRequest)
            let corrected = try await client.pay(currency: "rwf", idempotencyKey: "topup-003")
            #expect(corrected.status == .ok)
            #expect(corrected.header("Idempotent-Replayed") == nil)
            #expect(corrected.json?["status"] as? String == "succeeded")
        }
    }

    @Test("a decline and a 500 are saved once execution began", arguments: ["pm_card_chargeDeclined", "pm_card_sim_500"])
    func executedFailuresSaved(_ method: String) async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let first = try await client.pay(method, idempotencyKey: "topup-\(method)")
            #expect(first.status.code >= 402)
            let second = try await client.pay(method, idempotencyKey: "topup-\(method)")
            #expect(second.status == first.status)
            #expect(second.bodyText == first.bodyText)
            #expect(second.header("Idempotent-Replayed") == "true")
            #expect(await harness.simulator.paymentIntents().count == (method == "pm_card_sim_500" ? 0 : 1))
        }
    }

    @Test("keys are scoped per API key")
    func scopedPerAPIKey() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let pairs = [("amount", "100"), ("currency", "rwf"), ("payment_method", "pm_card_visa"), ("confirm", "true")]
            let mine = try await client.post("/v1/payment_intents", pairs, idempotencyKey: "shared-key")
            let theirs = try await client.post("/v1/payment_intents", pairs, key: "sk_test_another_account_key_0001", idempotencyKey: "shared-key")
            #expect(theirs.header("Idempotent-Replayed") == nil)
            #expect(theirs.json?["id"] as? String != mine.json?["id"] as? String)
            #expect(await harness.simulator.paymentIntents().count == 2)
        }
    }

    @Test("a key longer than 255 characters is refused")
    func keyTooLong() async throws {
        try await StripeTestHarness().withClient { client in
            let tooLong = try await client.pay(idempotencyKey: String(repeating: "k", count: 256))
            #expect(tooLong.status == .badRequest)
            let longest = try await client.pay(idempotencyKey: String(repeating: "k", count: 255))
            #expect(longest.status == .ok)
        }
    }
}
