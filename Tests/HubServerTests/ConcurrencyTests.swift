import Foundation
import Hub
import Testing
import Webhooks

/// Many callbacks and many withdrawals at once, over HTTP.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func callbacksDeliveredOneToFiveTimesInRandomOrderApplyOnce() async throws {
        try await LiveHub.run { live in
            var deliveries: [HTTPRequest] = []
            var cardIDs: [String] = []
            var momoIDs: [String] = []
            let signer = try StripeWebhookSigner(secret: live.stripeWebhookSecret)
            var generator = SystemRandomNumberGenerator()
            for index in 0..<25 {
                // A card payment waiting for authentication: only its webhook can finish it.
                let card = try await live.post("/v1/top-ups", ["wallet_id": "many", "amount": 100, "currency": "RWF",
                                                               "source": ["type": "card", "payment_method": "pm_card_authenticationRequired"]])
                let id = card["id"] as! String
                cardIDs.append(id)
                let payment = try await live.hub.payment(PaymentID(validating: id)!)
                let intent = try #require(try await live.store.attempts(of: payment.id).first?.providerTransactionID)
                let body = Array("""
                    {"id":"evt_many_\(index)","object":"event","type":"payment_intent.succeeded","created":1,\
                    "data":{"object":{"id":"\(intent)","object":"payment_intent","amount":100,"currency":"rwf","status":"succeeded",\
                    "metadata":{"reference":"\(payment.providerReference)"}}}}
                    """.utf8)
                for _ in 0..<Int.random(in: 1...5, using: &generator) {
                    let headers = signer.sign(body: body, id: "evt_many_\(index)", timestamp: Date())
                    deliveries.append(HTTPRequest(method: "POST", url: "\(live.baseURL)/webhooks/stripe/\(live.callbackToken)",
                                                  headers: [("Content-Type", "application/json")] + headers.fields, body: Data(body)))
                }
                // A MoMo payment whose own callback never comes: the copies below are hints the hub confirms.
                let momo = try await live.topUp(wallet: "many", amount: 10, msisdn: "+250780002002")
                let momoID = momo["id"] as! String
                momoIDs.append(momoID)
                let reference = try await live.hub.payment(PaymentID(validating: momoID)!).providerReference
                let callback = try JSONSerialization.data(withJSONObject: [
                    "externalId": reference, "amount": "10", "currency": "RWF", "status": "SUCCESSFUL", "financialTransactionId": "f\(index)",
                ])
                for _ in 0..<Int.random(in: 1...5, using: &generator) {
                    deliveries.append(HTTPRequest(method: "PUT", url: "\(live.baseURL)/webhooks/mtn-momo/\(live.callbackToken)",
                                                  headers: [("Content-Type", "application/json")], body: callback))
                }
            }
            deliveries.shuffle(using: &generator)
            let queue = deliveries
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for sender in 0..<50 {
                    group.addTask {
                        var seen: [Int] = []
                        for index in stride(from: sender, to: queue.count, by: 50) {
                            seen.append(try await live.client.send(queue[index]).status)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(statuses.count == deliveries.count)
            #expect(statuses.allSatisfy { $0 == 200 })
            for id in cardIDs + momoIDs {
                #expect(try await live.request("GET", "/v1/payments/\(id)")["state"] as? String == "succeeded", "\(id)")
            }
            #expect(try await live.balance("many")?.posted == 25 * 100 + 25 * 10)
            let succeededEvents = try await live.store.outbox(.all, limit: 1000).filter { $0.type == .succeeded }
            #expect(succeededEvents.count == 50)
            #expect(Set(succeededEvents.map(\.paymentID)).count == 50)
            #expect(try await live.store.verifyLedger().isValid)
        }
    }

    @Test func fiveHundredConcurrentWithdrawalsAgainstABalanceForOneHundred() async throws {
        try await LiveHub.run { live in
            let wallet = try await live.funded(1000)
            let requests = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<500 {
                    // A number MoMo keeps pending: every accepted withdrawal stays held.
                    group.addTask { try await live.withdraw(wallet: wallet, amount: 10, msisdn: "+250780002001").status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(requests.filter { $0 == 201 }.count == 100)
            #expect(requests.filter { $0 == 422 }.count == 400)
            let balance = try #require(try await live.balance(wallet))
            #expect(balance.pending == 1000)
            #expect(balance.available == 0)
            #expect(try await live.store.verifyLedger().isValid)
        }
    }
}
