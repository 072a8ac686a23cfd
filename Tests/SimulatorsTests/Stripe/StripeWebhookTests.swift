import Foundation
import Hub
import Testing
import Webhooks
@testable import Simulators

@Suite("Stripe simulator: signed webhook events")
struct StripeWebhookTests {
    static func event(_ request: Hub.HTTPRequest) throws -> [String: Any] {
        let body = try #require(request.body)
        return try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    static func verify(_ request: Hub.HTTPRequest, secrets: [String] = [StripeTestHarness.webhookSecret]) throws {
        let verifier = try StripeWebhookVerifier(secrets: secrets)
        _ = try verifier.verify(body: Array(try #require(request.body)), headers: WebhookHeaders(request.headers), now: Date())
    }

    @Test("payment_intent.succeeded is POSTed as JSON with a Stripe-Signature that verifies")
    func succeededEvent() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let intent = try #require(try await client.pay(idempotencyKey: "topup-hook").json)
            let request = try #require(await harness.receiver.waitFor(1).first)
            #expect(request.method == "POST")
            #expect(request.url == StripeTestHarness.webhookURL)
            #expect(request.headers.contains { $0.name == "Content-Type" && $0.value.hasPrefix("application/json") })
            try Self.verify(request)
            #expect(throws: WebhookVerificationError.self) { try Self.verify(request, secrets: ["whsec_other"]) }

            let event = try Self.event(request)
            #expect((event["id"] as? String)?.hasPrefix("evt_") == true)
            #expect(event["object"] as? String == "event")
            #expect(event["type"] as? String == "payment_intent.succeeded")
            #expect(event["api_version"] as? String == "2024-06-20")
            #expect(event["livemode"] as? Bool == false)
            let origin = try #require(event["request"] as? [String: Any])
            #expect(origin["idempotency_key"] as? String == "topup-hook")
            #expect((origin["id"] as? String)?.hasPrefix("req_") == true)
            let object = try #require((event["data"] as? [String: Any])?["object"] as? [String: Any])
            #expect(object["id"] as? String == intent["id"] as? String)
            #expect(object["status"] as? String == "succeeded")

            let recorded = try #require(await harness.simulator.paymentIntent(id: intent["id"] as! String))
            #expect(recorded.webhooks.map(\.type) == ["payment_intent.succeeded"])
            #expect(recorded.webhooks.map(\.responseStatus) == [200])
        }
    }

    @Test("a decline sends payment_intent.payment_failed with last_payment_error")
    func failedEvent() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            #expect(try await client.pay("pm_card_chargeDeclinedInsufficientFunds").status.code == 402)
            let event = try Self.event(try #require(await harness.receiver.waitFor(1).first))
            #expect(event["type"] as? String == "payment_intent.payment_failed")
            let object = try #require((event["data"] as? [String: Any])?["object"] as? [String: Any])
            #expect((object["last_payment_error"] as? [String: Any])?["decline_code"] as? String == "insufficient_funds")
        }
    }

    @Test("a delivery answered with a non-2xx is retried until acknowledged")
    func retries() async throws {
        let harness = StripeTestHarness(script: [500, 503])
        try await harness.withClient { client in
            let id = try #require(try await client.pay().json?["id"] as? String)
            let requests = await harness.receiver.waitFor(3)
            #expect(requests.count == 3)
            let ids = try requests.map { try Self.event($0)["id"] as? String }
            #expect(Set(ids).count == 1)
            try Task.checkCancellation()
            try await Task.sleep(for: .milliseconds(60))
            #expect(await harness.receiver.requests.count == 3)
            let deliveries = try #require(await harness.simulator.paymentIntent(id: id)).webhooks
            #expect(deliveries.map(\.attempt) == [1, 2, 3])
            #expect(deliveries.map(\.responseStatus) == [500, 503, 200])
        }
    }

    @Test("retries stop at the configured number")
    func retriesBounded() async throws {
        let harness = StripeTestHarness(script: [500, 500, 500, 500, 500]) { $0.webhookRetries = 1 }
        try await harness.withClient { client in
            #expect(try await client.pay().status == .ok)
            _ = await harness.receiver.waitFor(2)
            try await Task.sleep(for: .milliseconds(80))
            #expect(await harness.receiver.requests.count == 2)
            #expect(await harness.simulator.webhookDeliveries().allSatisfy { !$0.acknowledged })
        }
    }

    @Test("with webhookCopies 2 each event is delivered twice with the same id")
    func duplicates() async throws {
        let harness = StripeTestHarness { $0.webhookCopies = 2 }
        try await harness.withClient { client in
            #expect(try await client.pay().status == .ok)
            let requests = await harness.receiver.waitFor(2)
            #expect(requests.count == 2)
            let ids = try requests.map { try Self.event($0)["id"] as? String }
            #expect(ids[0] != nil && ids[0] == ids[1])
            for request in requests { try Self.verify(request) }
            #expect(await harness.simulator.webhookDeliveries().map(\.copy) == [1, 2])
        }
    }

    @Test("pm_card_processing settles after settleDelay and then sends payment_intent.succeeded")
    func processingSettles() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let id = try #require(try await client.pay("pm_card_processing").json?["id"] as? String)
            let events = try await harness.receiver.waitFor(2).map { try Self.event($0) }
            #expect(events.map { $0["type"] as? String } == ["payment_intent.processing", "payment_intent.succeeded"])
            let settled = try #require((events.last?["data"] as? [String: Any])?["object"] as? [String: Any])
            #expect(settled["amount_received"] as? Int == 5000)
            #expect((events.last?["request"] as? [String: Any])?["id"] is NSNull)
            #expect(try await client.call(.get, "/v1/payment_intents/\(id)").json?["status"] as? String == "succeeded")
        }
    }

    @Test("a refund sends charge.refunded with the Charge object")
    func chargeRefunded() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let intent = try #require(try await client.pay(amount: "5000").json)
            _ = await harness.receiver.waitFor(1)
            #expect(try await client.refund(intent["id"] as! String, amount: "2000").status == .ok)
            let requests = await harness.receiver.waitFor(2)
            let event = try Self.event(try #require(requests.last))
            #expect(event["type"] as? String == "charge.refunded")
            let charge = try #require((event["data"] as? [String: Any])?["object"] as? [String: Any])
            #expect(charge["object"] as? String == "charge")
            #expect(charge["id"] as? String == intent["latest_charge"] as? String)
            #expect(charge["payment_intent"] as? String == intent["id"] as? String)
            #expect(charge["amount"] as? Int == 5000)
            #expect(charge["amount_refunded"] as? Int == 2000)
            #expect(charge["refunded"] as? Bool == false)
            #expect(charge["currency"] as? String == "rwf")
            #expect(charge["status"] as? String == "succeeded")
        }
    }

    @Test("without a webhook endpoint nothing is sent; shutdown cancels pending deliveries")
    func noEndpointAndShutdown() async throws {
        let silent = StripeTestHarness { $0.webhook = nil }
        try await silent.withClient { client in
            #expect(try await client.pay().status == .ok)
            try await Task.sleep(for: .milliseconds(40))
        }
        #expect(await silent.receiver.requests.isEmpty)
        let late = StripeTestHarness { $0.webhookDelay = .milliseconds(200) }
        try await late.withClient { client in
            let answer = try await client.pay()
            #expect(answer.status == .ok)
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await late.receiver.requests.isEmpty)
    }

    @Test("an empty webhook secret is refused")
    func emptySecret() {
        #expect(throws: WebhookSecretError.self) { try StripeWebhookEndpoint(url: StripeTestHarness.webhookURL, secret: "") }
    }
}
