import Foundation
import Hub
import Simulators
import Testing
import Webhooks

/// Card top-ups through the Stripe simulator: signed webhooks, declines, refunds, duplicates and forgeries.
@Suite(.serialized) struct CardEndToEndTests {
    func cardTopUp(_ live: LiveHub, wallet: String, amount: Int, method: String) async throws -> APIResponse {
        try await live.post("/v1/top-ups", ["wallet_id": wallet, "amount": amount, "currency": "RWF",
                                            "source": ["type": "card", "payment_method": method]])
    }

    @Test func aCardTopUpSucceedsThroughItsWebhook() async throws {
        try await LiveHub.run { live in
            let topUp = try await cardTopUp(live, wallet: "card", amount: 2500, method: "pm_card_processing")
            #expect(topUp.status == 201)
            #expect(topUp["provider"] as? String == "stripe")
            #expect(topUp["state"] as? String == "pending")
            let settled = try await live.settle(topUp["id"] as! String)
            #expect(settled["state"] as? String == "succeeded")
            #expect(try await live.balance("card")?.posted == 2500)
            let sources = try await live.store.outbox(.all, limit: 10).map(\.type)
            #expect(sources == [.pending, .succeeded])
        }
    }

    @Test(arguments: [("pm_card_chargeDeclined", "declined", "generic_decline"),
                      ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds", "insufficient_funds"),
                      ("pm_card_chargeDeclinedExpiredCard", "expired", "expired_card")])
    func aDeclinedCardFailsAndMovesNothing(method: String, reason: String, code: String) async throws {
        try await LiveHub.run { live in
            let topUp = try await cardTopUp(live, wallet: "declined", amount: 900, method: method)
            let settled = try await live.settle(topUp["id"] as! String)
            #expect(settled["state"] as? String == "failed")
            let failure = settled["failure"] as? [String: Any]
            #expect(failure?["code"] as? String == reason)
            #expect(failure?["provider_code"] as? String == code)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await live.balance("declined") == nil)
            #expect(try await live.store.anomalies(limit: 10).isEmpty)
        }
    }

    @Test func aRefundReversesTheTopUpAndTheRefundWebhookChangesNothingMore() async throws {
        try await LiveHub.run { live in
            let topUp = try await cardTopUp(live, wallet: "refund", amount: 3000, method: "pm_card_visa")
            let id = topUp["id"] as! String
            #expect(try await live.settle(id)["state"] as? String == "succeeded")
            let refunded = try await live.request("POST", "/v1/payments/\(id)/refund", idempotencyKey: "refund-1")
            #expect(refunded.status == 200)
            #expect(refunded["state"] as? String == "reversed")
            let replay = try await live.request("POST", "/v1/payments/\(id)/refund", idempotencyKey: "refund-1")
            #expect(replay.header("Idempotent-Replayed") == "true")
            let second = try await live.request("POST", "/v1/payments/\(id)/refund", idempotencyKey: "refund-2")
            #expect(second.status == 409)
            try await Task.sleep(for: .milliseconds(300))
            let balance = try #require(try await live.balance("refund"))
            #expect(balance.posted == 0 && balance.pending == 0)
            #expect(await live.stripe.refunds().count == 1)
            #expect(try await live.store.verifyLedger().isValid)
            #expect(try await live.store.outbox(.all, limit: 10).map(\.type).filter { $0 == .reversed }.count == 1)
        }
    }

    @Test func theSameWebhookThreeTimesAppliesOnce() async throws {
        var stripe = LiveHub.fastStripe
        stripe.webhookCopies = 3
        try await LiveHub.run(stripe: stripe) { live in
            let topUp = try await cardTopUp(live, wallet: "thrice", amount: 700, method: "pm_card_processing")
            #expect(try await live.settle(topUp["id"] as! String)["state"] as? String == "succeeded")
            // The simulator sends its copies one after another: wait until all three are answered (a bound on
            // liveness, generous for a loaded machine; a fixed 300 ms wait failed under load).
            var deliveries = await live.stripe.webhookDeliveries().filter { $0.type == "payment_intent.succeeded" }
            let deadline = ContinuousClock.now + .seconds(20)
            while deliveries.count < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                deliveries = await live.stripe.webhookDeliveries().filter { $0.type == "payment_intent.succeeded" }
            }
            #expect(deliveries.count == 3)
            #expect(deliveries.allSatisfy { $0.responseStatus == 200 })
            #expect(try await live.balance("thrice")?.posted == 700)
            #expect(try await live.store.outbox(.all, limit: 10).filter { $0.type == .succeeded }.count == 1)
        }
    }

    @Test func tamperedStaleOrUnsignedWebhooksChangeNothing() async throws {
        try await LiveHub.run { live in
            let topUp = try await cardTopUp(live, wallet: "forged", amount: 4000, method: "pm_card_authenticationRequired")
            let id = topUp["id"] as! String
            #expect(topUp["state"] as? String == "pending")
            let payment = try await live.hub.payment(PaymentID(validating: id)!)
            let attempts = try await live.store.attempts(of: payment.id)
            let intent = try #require(attempts.first?.providerTransactionID)
            let event = """
                {"id":"evt_forged_1","object":"event","type":"payment_intent.succeeded","created":\(Int(Date().timeIntervalSince1970)),\
                "data":{"object":{"id":"\(intent)","object":"payment_intent","amount":4000,"currency":"rwf","status":"succeeded",\
                "metadata":{"reference":"\(payment.providerReference)"}}}}
                """
            let body = Array(event.utf8)
            let url = "\(live.baseURL)/webhooks/stripe/\(live.callbackToken)"
            func send(_ headers: WebhookHeaders, _ body: [UInt8]) async throws -> Int {
                try await live.client.send(HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers.fields,
                                                       body: Data(body))).status
            }
            let wrongSecret = try StripeWebhookSigner(secret: "whsec_not_the_one").sign(body: body, id: "evt_forged_1", timestamp: Date())
            #expect(try await send(wrongSecret, body) == 401)
            let genuine = try StripeWebhookSigner(secret: live.stripeWebhookSecret)
            let stale = genuine.sign(body: body, id: "evt_forged_1", timestamp: Date().addingTimeInterval(-600))
            #expect(try await send(stale, body) == 401)
            var tampered = body
            tampered[tampered.count - 20] ^= 1
            #expect(try await send(genuine.sign(body: body, id: "evt_forged_1", timestamp: Date()), tampered) == 401)
            #expect(try await send(WebhookHeaders([]), body) == 401)
            #expect(try await live.hub.payment(payment.id).state == .pending)
            #expect(try await live.balance("forged") == nil)
            // The genuine signature on the same bytes is accepted, once.
            #expect(try await send(genuine.sign(body: body, id: "evt_forged_1", timestamp: Date()), body) == 200)
            #expect(try await send(genuine.sign(body: body, id: "evt_forged_1", timestamp: Date()), body) == 200)
            #expect(try await live.hub.payment(payment.id).state == .succeeded)
            #expect(try await live.balance("forged")?.posted == 4000)
        }
    }

    @Test func aVerifiedEventForAnUnknownPaymentIsKeptNotApplied() async throws {
        try await LiveHub.run { live in
            let body = Array(#"{"id":"evt_stray","object":"event","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"pi_nobody","object":"payment_intent","amount":1,"currency":"rwf","status":"succeeded","metadata":{}}}}"#.utf8)
            let headers = try StripeWebhookSigner(secret: live.stripeWebhookSecret).sign(body: body, id: "evt_stray", timestamp: Date())
            let answer = try await live.client.send(HTTPRequest(
                method: "POST", url: "\(live.baseURL)/webhooks/stripe/\(live.callbackToken)",
                headers: [("Content-Type", "application/json")] + headers.fields, body: Data(body)))
            #expect(answer.status == 200)
            #expect(try await live.store.unmatchedNotifications(limit: 10).map(\.dedupeKey) == ["evt_stray"])
            #expect(try await live.store.outbox(.all, limit: 10).isEmpty)
        }
    }
}
