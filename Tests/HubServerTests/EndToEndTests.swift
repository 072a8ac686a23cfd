import Foundation
import Hub
import Testing

/// Wallet API → hub → libcurl → MoMo simulator → callback → status confirmation → ledger, over loopback.
@Suite(.serialized) struct EndToEndTests {
    @Test func topUpAndWithdrawalSucceedThroughCallbacks() async throws {
        try await LiveHub.run { live in
            let topUp = try await live.topUp(wallet: "alice", amount: 5000, msisdn: "+250788123456")
            #expect(topUp.status == 201)
            #expect(topUp["state"] as? String == "pending")
            #expect(topUp["provider"] as? String == "mtn-momo")
            #expect(topUp["counterparty"] as? String == "mobile_money +•••••••••456")
            let settled = try await live.settle(topUp["id"] as! String)
            #expect(settled["state"] as? String == "succeeded")

            let withdrawal = try await live.withdraw(wallet: "alice", amount: 1500, msisdn: "+250789654321")
            #expect(withdrawal.status == 201)
            let held = try #require(try await live.balance("alice"))
            #expect(held.available == 3500)
            #expect(try await live.settle(withdrawal["id"] as! String)["state"] as? String == "succeeded")
            let balance = try #require(try await live.balance("alice"))
            #expect(balance.available == 3500 && balance.pending == 0 && balance.posted == 3500)

            let entries = try await live.request("GET", "/v1/wallets/alice/entries")["entries"] as? [[String: Any]]
            #expect(entries?.map { $0["kind"] as! String } == ["posted", "hold", "post"])
            #expect(try await live.store.verifyLedger().isValid)

            let moved = await live.simulator.transactions()
            #expect(moved.map(\.status.rawValue) == ["SUCCESSFUL", "SUCCESSFUL"])
            #expect(moved.map(\.amount.minorUnits) == [5000, 1500])
            #expect(moved.allSatisfy { $0.callbacks.count == 1 })
        }
    }

    static let reasons: [(String, String, String)] = [
        ("250780001001", "PAYEE_NOT_FOUND", "account_not_found"), ("250780001002", "PAYER_NOT_FOUND", "account_not_found"),
        ("250780001003", "NOT_ALLOWED", "not_allowed"), ("250780001004", "NOT_ALLOWED_TARGET_ENVIRONMENT", "not_allowed"),
        ("250780001005", "INVALID_CALLBACK_URL_HOST", "invalid_request"), ("250780001006", "INVALID_CURRENCY", "invalid_request"),
        ("250780001007", "SERVICE_UNAVAILABLE", "provider_error"), ("250780001008", "INTERNAL_PROCESSING_ERROR", "provider_error"),
        ("250780001009", "NOT_ENOUGH_FUNDS", "insufficient_funds"), ("250780001010", "PAYER_LIMIT_REACHED", "limit_exceeded"),
        ("250780001011", "PAYEE_NOT_ALLOWED_TO_RECEIVE", "not_allowed"), ("250780001012", "PAYMENT_NOT_APPROVED", "not_approved"),
        ("250780001013", "RESOURCE_NOT_FOUND", "provider_error"), ("250780001014", "APPROVAL_REJECTED", "declined"),
        ("250780001015", "EXPIRED", "expired"), ("250780001016", "TRANSACTION_CANCELED", "cancelled"),
        ("250780001018", "COULD_NOT_PERFORM_TRANSACTION", "not_approved"),
    ]

    @Test func everyFailureReasonFailsThePaymentAndMovesNothing() async throws {
        try await LiveHub.run { live in
            for (number, code, reason) in Self.reasons {
                let topUp = try await live.topUp(wallet: "failing", amount: 100, msisdn: "+" + number)
                let settled = try await live.settle(topUp["id"] as! String)
                #expect(settled["state"] as? String == "failed", "\(code)")
                let failure = settled["failure"] as? [String: Any]
                #expect(failure?["code"] as? String == reason, "\(code)")
                #expect(failure?["provider_code"] as? String == code)
            }
            let wallet = try await live.funded(1000)
            let withdrawal = try await live.withdraw(wallet: wallet, amount: 400, msisdn: "+250780001009")
            #expect(try await live.settle(withdrawal["id"] as! String)["state"] as? String == "failed")
            let balance = try #require(try await live.balance(wallet))
            #expect(balance.available == 1000 && balance.pending == 0)
            #expect(try await live.balance("failing") == nil)
            #expect(try await live.store.verifyLedger().isValid)
        }
    }

    @Test func aLostCallbackLeavesThePaymentPendingUntilAStatusCheck() async throws {
        try await LiveHub.run(expectedCallbackSeconds: 0) { live in
            let topUp = try await live.topUp(wallet: "quiet", amount: 700, msisdn: "+250780002002")
            try await Task.sleep(for: .milliseconds(300))
            let id = topUp["id"] as! String
            #expect(try await live.request("GET", "/v1/payments/\(id)")["state"] as? String == "pending")
            #expect(try await live.balance("quiet") == nil)
            let polled = await PendingPaymentPoller(hub: live.hub).pollOnce()
            #expect(polled >= 1)
            #expect(try await live.request("GET", "/v1/payments/\(id)")["state"] as? String == "succeeded")
            #expect(try await live.balance("quiet")?.posted == 700)
        }
    }

    @Test func aPaymentThatNeverEndsStaysPending() async throws {
        try await LiveHub.run(expectedCallbackSeconds: 0) { live in
            let topUp = try await live.topUp(wallet: "limbo", amount: 700, msisdn: "+250780002001")
            let id = try #require(PaymentID(validating: topUp["id"] as! String))
            _ = await PendingPaymentPoller(hub: live.hub).pollOnce()
            #expect(try await live.hub.payment(id).state == .pending)
            let review = PendingPaymentPoller(hub: live.hub, reviewAfter: 0)
            try await live.store.schedulePoll(id, at: Date(timeIntervalSince1970: 0), countingPoll: false)
            _ = await review.pollOnce()
            let payment = try await live.hub.payment(id)
            #expect(payment.state == .pending)
            #expect(payment.needsReview)
            #expect(try await live.request("GET", "/v1/payments/\(id)")["needs_review"] as? Bool == true)
        }
    }

    @Test func aDuplicateCallbackAppliesOnce() async throws {
        try await LiveHub.run { live in
            let topUp = try await live.topUp(wallet: "twice", amount: 900, msisdn: "+250780002003")
            let id = topUp["id"] as! String
            #expect(try await live.settle(id)["state"] as? String == "succeeded")
            try await Task.sleep(for: .milliseconds(200))
            let transaction = await live.simulator.transactions().first
            #expect(transaction?.callbacks.count == 2)
            #expect(try await live.balance("twice")?.posted == 900)
            let events = try await live.store.outbox(.all, limit: 100).filter { $0.paymentID.rawValue == id }
            #expect(events.map(\.type) == [.pending, .succeeded])
        }
    }

    @Test func aForgedCallbackMovesNothing() async throws {
        try await LiveHub.run { live in
            let declined = try await live.topUp(wallet: "forged", amount: 5000, msisdn: "+250780001009")
            let declinedID = declined["id"] as! String
            #expect(try await live.settle(declinedID)["state"] as? String == "failed")
            let stuck = try await live.topUp(wallet: "forged", amount: 5000, msisdn: "+250780002001")
            let stuckID = stuck["id"] as! String
            for id in [declinedID, stuckID] {
                let reference = try await live.hub.payment(PaymentID(validating: id)!).providerReference
                let forged = try JSONSerialization.data(withJSONObject: [
                    "financialTransactionId": "999", "externalId": reference, "amount": "5000", "currency": "RWF", "status": "SUCCESSFUL",
                ])
                let answer = try await live.client.send(HTTPRequest(
                    method: "PUT", url: "\(live.baseURL)/webhooks/mtn-momo/\(live.callbackToken)",
                    headers: [("Content-Type", "application/json")], body: forged))
                #expect(answer.status == 200)
                let wrongToken = try await live.client.send(HTTPRequest(
                    method: "POST", url: "\(live.baseURL)/webhooks/mtn-momo/not-the-token", headers: [], body: forged))
                #expect(wrongToken.status == 401)
            }
            #expect(try await live.request("GET", "/v1/payments/\(declinedID)")["state"] as? String == "failed")
            #expect(try await live.request("GET", "/v1/payments/\(stuckID)")["state"] as? String == "pending")
            #expect(try await live.balance("forged") == nil)
            #expect(try await live.store.anomalies(limit: 10).isEmpty)
        }
    }

    @Test func idempotencyReturnsTheOriginalOrRefuses() async throws {
        try await LiveHub.run { live in
            let first = try await live.topUp(wallet: "idem", amount: 100, msisdn: "+250788000222", key: "idem-1")
            let again = try await live.topUp(wallet: "idem", amount: 100, msisdn: "+250788000222", key: "idem-1")
            #expect(again.status == 201)
            #expect(again["id"] as? String == first["id"] as? String)
            #expect(again.header("Idempotent-Replayed") == "true")
            let changed = try await live.topUp(wallet: "idem", amount: 101, msisdn: "+250788000222", key: "idem-1")
            #expect(changed.status == 422)
            #expect(changed["type"] as? String == "/problems/idempotency-key-reused")
            #expect(await live.simulator.transactions().count == 1)
        }
    }

    @Test func authIsRequired() async throws {
        try await LiveHub.run { live in
            for key: String? in [nil, "wrong", live.apiKey + "x", ""] {
                let answer = try await live.request("GET", "/v1/payments?wallet_id=x", key: .some(key))
                #expect(answer.status == 401)
                #expect(answer.contentType == "application/problem+json")
            }
            #expect(try await live.request("GET", "/v1/payments?wallet_id=x").status == 200)
            #expect(try await live.request("GET", "/healthz", key: .some(nil)).status == 200)
        }
    }

    @Test func providersAndRoutingDecisionsAreVisible() async throws {
        try await LiveHub.run { live in
            let providers = try await live.request("GET", "/v1/providers")["data"] as? [[String: Any]]
            #expect(providers?.map { $0["id"] as? String } == ["mtn-momo", "stripe"])
            #expect(providers?.allSatisfy { ($0["circuit"] as? [String: Any])?["state"] as? String == "closed" } == true)
            let card = try await live.post("/v1/top-ups", ["wallet_id": "routes", "amount": 100, "currency": "RWF",
                                                           "source": ["type": "card", "payment_method": "pm_card_visa"]])
            let routing = try #require(try await live.request("GET", "/v1/payments/\(card["id"] as! String)")["routing"] as? [String: Any])
            #expect(routing["rule"] as? String == "default")
            #expect(routing["candidates"] as? [String] == ["stripe"])
            let skipped = routing["skipped"] as? [[String: String]]
            #expect(skipped?.first?["provider"] == "mtn-momo")
            #expect(skipped?.first?["reason"] == "does not support card")
        }
    }
}
