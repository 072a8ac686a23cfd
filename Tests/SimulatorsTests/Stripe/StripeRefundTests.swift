import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("Stripe simulator: refunds")
struct StripeRefundTests {
    @Test("a refund without amount refunds everything; a second one is charge_already_refunded")
    func fullRefund() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let intent = try #require(try await client.pay(amount: "5000").json?["id"] as? String)
            let refund = try await client.refund(intent)
            #expect(refund.status == .ok)
            let json = try #require(refund.json)
            #expect((json["id"] as? String)?.hasPrefix("re_") == true)
            #expect(json["object"] as? String == "refund")
            #expect(json["amount"] as? Int == 5000)
            #expect(json["currency"] as? String == "rwf")
            #expect(json["payment_intent"] as? String == intent)
            #expect(json["status"] as? String == "succeeded")
            let again = try await client.refund(intent, amount: "1")
            #expect(again.status == .badRequest)
            #expect(again.error?["code"] as? String == "charge_already_refunded")
            let fetched = try await client.call(.get, "/v1/refunds/\(json["id"] as! String)")
            #expect(fetched.bodyText == refund.bodyText)
            #expect(await harness.simulator.netReceived(in: .RWF) == Currency.RWF.zero)
        }
    }

    @Test("partial refunds add up to the amount and no further")
    func partialRefunds() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let intent = try #require(try await client.pay(amount: "5000").json?["id"] as? String)
            #expect(try await client.refund(intent, amount: "2000").json?["amount"] as? Int == 2000)
            let over = try await client.refund(intent, amount: "3001")
            #expect(over.status == .badRequest)
            #expect(over.error?["code"] as? String == "amount_too_large")
            #expect(over.error?["param"] as? String == "amount")
            #expect(try await client.refund(intent, amount: "3000").status == .ok)
            let recorded = try #require(await harness.simulator.paymentIntent(id: intent))
            #expect(recorded.amountRefunded.minorUnits == 5000)
            #expect(await harness.simulator.refunds().map(\.amount.minorUnits) == [2000, 3000])
        }
    }

    @Test("a PaymentIntent that did not succeed cannot be refunded", arguments: ["pm_card_chargeDeclined", "pm_card_authenticationRequired"])
    func notSucceeded(_ method: String) async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let created = try await client.pay(method)
            let intent = try #require((created.json?["id"] ?? (created.error?["payment_intent"] as? [String: Any])?["id"]) as? String)
            let refused = try await client.refund(intent)
            #expect(refused.status == .badRequest)
            #expect(refused.error?["code"] as? String == "payment_intent_unexpected_state")
            #expect(await harness.simulator.refunds().isEmpty)
        }
    }

    @Test("an unknown PaymentIntent or refund is resource_missing; a refund without a target is parameter_missing")
    func unknownTargets() async throws {
        try await StripeTestHarness().withClient { client in
            let unknown = try await client.refund("pi_unknown")
            #expect(unknown.status == .badRequest)
            #expect(unknown.error?["code"] as? String == "resource_missing")
            #expect(try await client.call(.get, "/v1/refunds/re_unknown").status == .notFound)
            let none = try await client.post("/v1/refunds", [("amount", "100")])
            #expect(none.error?["code"] as? String == "parameter_missing")
        }
    }

    @Test("a refund by charge id finds the PaymentIntent")
    func refundByCharge() async throws {
        try await StripeTestHarness().withClient { client in
            let intent = try #require(try await client.pay(amount: "900").json)
            let charge = try #require(intent["latest_charge"] as? String)
            let refund = try await client.post("/v1/refunds", [("charge", charge), ("amount", "400")])
            #expect(refund.json?["charge"] as? String == charge)
            #expect(refund.json?["payment_intent"] as? String == intent["id"] as? String)
        }
    }

    @Test("a refund with an idempotency key is made once")
    func idempotentRefund() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let intent = try #require(try await client.pay(amount: "5000").json?["id"] as? String)
            let first = try await client.refund(intent, amount: "1000", idempotencyKey: "refund-1")
            let second = try await client.refund(intent, amount: "1000", idempotencyKey: "refund-1")
            #expect(second.bodyText == first.bodyText)
            #expect(second.header("Idempotent-Replayed") == "true")
            #expect(await harness.simulator.refunds().count == 1)
        }
    }
}
