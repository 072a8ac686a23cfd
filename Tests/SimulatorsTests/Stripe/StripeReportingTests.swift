import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("Stripe simulator: the reporting endpoint")
struct StripeReportingTests {
    static func lines(_ answer: StripeAnswer) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(answer.bodyText.utf8)) as? [[String: Any]])
    }

    @Test("the report lists PaymentIntents and refunds with amounts and webhook attempts; balances net them")
    func report() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let paid = try #require(try await client.pay(amount: "5000").json?["id"] as? String)
            #expect(try await client.pay("pm_card_chargeDeclined", amount: "800").status.code == 402)
            _ = await harness.receiver.waitFor(2)
            #expect(try await client.refund(paid, amount: "1500").status == .ok)
            _ = await harness.receiver.waitFor(3)

            let lines = try Self.lines(try await client.call(.get, "/sim/v1/transactions", key: nil))
            #expect(lines.map { $0["object"] as? String } == ["payment_intent", "payment_intent", "refund"])
            #expect(lines.map { $0["status"] as? String } == ["succeeded", "requires_payment_method", "succeeded"])
            #expect(lines.map { $0["amount"] as? Int } == [5000, 800, 1500])
            #expect(lines[0]["amountReceived"] as? Int == 5000)
            #expect(lines[0]["amountRefunded"] as? Int == 1500)
            #expect(lines[1]["declineCode"] as? String == "generic_decline")
            #expect(lines[2]["paymentIntent"] as? String == paid)
            let hooks = try #require(lines[2]["webhooks"] as? [[String: Any]])
            #expect(hooks.map { $0["type"] as? String } == ["charge.refunded"])
            #expect(hooks.first?["responseStatus"] as? Int == 200)

            let balances = try Self.lines(try await client.call(.get, "/sim/v1/balances", key: nil))
            #expect(balances.count == 1)
            #expect(balances.first?["currency"] as? String == "rwf")
            #expect(balances.first?["received"] as? Int == 5000)
            #expect(balances.first?["refunded"] as? Int == 1500)
            #expect(balances.first?["net"] as? Int == 3500)
            #expect(try await harness.simulator.netReceived(in: .RWF) == Money(minorUnits: 3500, currency: .RWF))
        }
    }

    @Test("since filters by creation time; a malformed since is 400")
    func since() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            #expect(try await client.pay().status == .ok)
            try await Task.sleep(for: .milliseconds(20))
            let cut = Date()
            let second = try #require(try await client.pay().json?["id"] as? String)
            let lines = try Self.lines(try await client.call(.get, "/sim/v1/transactions?since=\(SimulatorDate.format(cut))", key: nil))
            #expect(lines.map { $0["id"] as? String } == [second])
            #expect(await harness.simulator.paymentIntents(since: cut).map(\.id) == [second])
            #expect(try await client.call(.get, "/sim/v1/transactions?since=yesterday", key: nil).status == .badRequest)
        }
    }
}
