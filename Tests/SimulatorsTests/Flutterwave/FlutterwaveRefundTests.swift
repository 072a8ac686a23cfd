import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: refunds")
struct FlutterwaveRefundTests {
    /// Charges a card token for `amount` NGN and returns the transaction id.
    static func charge(_ client: FlutterwaveTestClient, amount: String = "10000") async throws -> Int {
        try #require(try await client.chargeToken(amount: amount, currency: "NGN").data?["id"] as? Int)
    }

    @Test("the documented partial refund completes at once, with the documented fields, and can be fetched")
    func documentedRefund() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let id = try await Self.charge(client)
            let ngn = try #require(Currency(code: "NGN"))
            let before = await harness.simulator.balance(in: ngn).available
            let request = try FlutterwaveFixtures.text("refund_request.json")
            let answer = try await client.call(.post, "/v3/transactions/\(id)/refund", body: request)
            let documented = try FlutterwaveFixtures.json("refund_completed.json")
            #expect(answer.status == .ok)
            #expect(answer.message == "Transaction refund initiated")
            let data = try #require(answer.data)
            #expect(Set(data.keys) == Set((documented["data"] as? [String: Any] ?? [:]).keys))
            #expect(data["status"] as? String == "completed")
            #expect(data["tx_id"] as? Int == id)
            #expect((data["flw_ref"] as? String)?.hasPrefix("URF_") == true)
            #expect(answer.number("amount_refunded") == "6900")
            #expect(await harness.simulator.balance(in: ngn).available == before - 690_000)

            let refundID = try #require(data["id"] as? Int)
            let fetched = try await client.call(.get, "/v3/refunds/\(refundID)")
            #expect(fetched.status == .ok)
            #expect(fetched.data?["id"] as? Int == refundID)
            #expect(fetched.number("amount_refunded") == "6900")
            #expect(await harness.simulator.charge(id: Int64(id))?.amountRefunded.minorUnits == 690_000)
        }
    }

    @Test("without an amount the rest is refunded; then nothing is left")
    func fullRefund() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let id = try await Self.charge(client, amount: "100.10")
            let partial = try await client.call(.post, "/v3/transactions/\(id)/refund", body: #"{"amount":"10.05"}"#)
            #expect(partial.number("amount_refunded") == "10.05")
            let rest = try await client.call(.post, "/v3/transactions/\(id)/refund")
            #expect(rest.status == .ok)
            #expect(rest.number("amount_refunded") == "90.05")
            let more = try await client.call(.post, "/v3/transactions/\(id)/refund", body: "{}")
            #expect(more.status == .badRequest)
            #expect(more.message == "This transaction has been fully refunded")
            #expect(await harness.simulator.refunds().map(\.amount.minorUnits) == [1_005, 9_005])
        }
    }

    @Test("refusals: too much, not successful, unknown, malformed amount")
    func refusals() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let id = try await Self.charge(client, amount: "50")
            let tooMuch = try await client.call(.post, "/v3/transactions/\(id)/refund", body: #"{"amount":50.01}"#)
            #expect(tooMuch.status == .badRequest)
            #expect(tooMuch.message == "Refund amount cannot be greater than the amount left to refund (5000 minor units)")

            let declined = try await client.chargeToken("flw-t1nf-5258585922666506-m03k", txRef: "DECLINED-R")
            #expect(declined.status == .badRequest)
            let declinedID = try #require(await harness.simulator.charge(txRef: "DECLINED-R")?.id)
            let notSuccessful = try await client.call(.post, "/v3/transactions/\(declinedID)/refund")
            #expect(notSuccessful.message == "Only successful transactions can be refunded")

            let unknown = try await client.call(.post, "/v3/transactions/77/refund")
            #expect(unknown.message == "No transaction was found for this id")
            let malformed = try await client.call(.post, "/v3/transactions/\(id)/refund", body: #"{"amount":"1.234"}"#)
            #expect(malformed.message == "Invalid amount: NGN amounts have at most 2 decimal places")
            #expect(await harness.simulator.refunds().isEmpty)
        }
    }

    @Test("a refund the balance cannot cover is refused")
    func balanceShort() async throws {
        let harness = FlutterwaveTestHarness { $0.openingBalances = [] }
        try await harness.withClient { client in
            let id = try await Self.charge(client, amount: "100")
            #expect(try await client.transfer(bank: "044", account: "0690000031", amount: "60", currency: "NGN").status == .ok)
            let refund = try await client.call(.post, "/v3/transactions/\(id)/refund", body: #"{"amount":50}"#)
            #expect(refund.status == .badRequest)
            #expect(refund.message == "Insufficient wallet balance")
        }
    }
}
