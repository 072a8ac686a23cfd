import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("MTN MoMo simulator: balances and the reporting endpoint")
struct MoMoReportingTests {
    @Test("balances and the report reflect successful transactions only")
    func balancesFollowSuccesses() async throws {
        let float = try Money(parsing: "50", currency: .EUR)
        let harness = MoMoTestHarness { $0.disbursementFloat = [float] }
        try await harness.withClient { client in
            let collect = try await client.token(.collection)
            let disburse = try await client.token(.disbursement)
            var calls: [MoMoPaymentCall] = []
            var paid = MoMoPaymentCall(token: collect)
            paid.amountJSON = "\"12.50\""
            calls.append(paid)
            calls.append(MoMoPaymentCall(token: collect, partyID: "250780001002"))
            calls.append(MoMoPaymentCall(token: collect, partyID: "250780002001"))
            var transfer = MoMoPaymentCall(product: .disbursement, token: disburse)
            transfer.amountJSON = "\"30\""
            calls.append(transfer)
            var tooLarge = MoMoPaymentCall(product: .disbursement, token: disburse)
            tooLarge.amountJSON = "\"30\""
            calls.append(tooLarge)
            for call in calls {
                #expect(try await client.pay(call).status == .accepted)
                try await Task.sleep(for: .milliseconds(2))
            }
            try await Task.sleep(for: MoMoTestHarness.settleDelay + .milliseconds(30))

            let overdraft = try await client.status(.disbursement, token: disburse, reference: tooLarge.reference)
            #expect(overdraft.json?["status"] as? String == "FAILED")
            #expect(MoMoScenarioTests.reasonCode(overdraft.json?["reason"]) == "NOT_ENOUGH_FUNDS")

            let headers = ["Authorization": "Bearer \(collect)", "Ocp-Apim-Subscription-Key": "sub-key", "X-Target-Environment": "sandbox"]
            let collection = try await client.call(.get, "/collection/v1_0/account/balance", headers: headers)
            #expect(collection.json as? [String: String] == ["availableBalance": "12.5", "currency": "EUR"])
            var disbursementHeaders = headers
            disbursementHeaders["Authorization"] = "Bearer \(disburse)"
            let disbursement = try await client.call(.get, "/disbursement/v1_0/account/balance", headers: disbursementHeaders)
            #expect(disbursement.json as? [String: String] == ["availableBalance": "20", "currency": "EUR"])
            #expect(try await harness.simulator.balance(of: .disbursement, in: .EUR) == Money(parsing: "20", currency: .EUR))

            let report = try await client.call(.get, "/sim/v1/transactions", headers: [:])
            let lines = try #require((try JSONSerialization.jsonObject(with: Data(report.bodyText.utf8))) as? [[String: Any]])
            #expect(lines.map { $0["reference"] as? String } == calls.map(\.reference))
            #expect(lines.map { $0["status"] as? String } == ["SUCCESSFUL", "FAILED", "PENDING", "SUCCESSFUL", "FAILED"])
            #expect(lines.map { $0["minorUnits"] as? Int } == [1250, 100_00, 100_00, 3000, 3000])
            #expect(lines.first?["amount"] as? String == "12.50")
            #expect(lines.first?["product"] as? String == "collection")
            #expect((lines.first?["callbacks"] as? [[String: Any]])?.count == 1)

            let balances = try await client.call(.get, "/sim/v1/balances", headers: [:])
            let rows = try #require((try JSONSerialization.jsonObject(with: Data(balances.bodyText.utf8))) as? [[String: Any]])
            #expect(rows.map { "\($0["product"]!) \($0["balance"]!) \($0["currency"]!)" } == ["collection 12.50 EUR", "disbursement 20.00 EUR"])
        }
    }

    @Test("since filters the report by creation time; a malformed since is 400")
    func sinceFilter() async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let token = try await client.token(.collection)
            let first = MoMoPaymentCall(token: token)
            #expect(try await client.pay(first).status == .accepted)
            try await Task.sleep(for: .milliseconds(20))
            let cut = Date()
            let second = MoMoPaymentCall(token: token)
            #expect(try await client.pay(second).status == .accepted)

            let since = SimulatorDate.format(cut)
            let report = try await client.call(.get, "/sim/v1/transactions?since=\(since)", headers: [:])
            let lines = try #require((try JSONSerialization.jsonObject(with: Data(report.bodyText.utf8))) as? [[String: Any]])
            #expect(lines.map { $0["reference"] as? String } == [second.reference])
            #expect(await harness.simulator.transactions(since: cut).map(\.reference) == [second.reference])
            #expect(try await client.call(.get, "/sim/v1/transactions?since=yesterday", headers: [:]).status == .badRequest)
        }
    }
}
