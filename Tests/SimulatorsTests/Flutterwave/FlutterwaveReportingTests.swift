import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: its own truth over HTTP and in Swift")
struct FlutterwaveReportingTests {
    @Test("GET /sim/v1/transactions lists charges, transfers and refunds with minor units and deliveries")
    func transactions() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let id = try #require(try await client.chargeToken(txRef: "REPORT-1", amount: "100.25").data?["id"] as? Int)
            _ = try await client.call(.post, "/v3/transactions/\(id)/refund", body: #"{"amount":0.25,"comments":"partial"}"#)
            let transfer = try await client.transfer(amount: "700", reference: "REPORT-T")
            _ = try await client.finalTransfer(id: try #require(transfer.data?["id"] as? Int))
            _ = await harness.receiver.waitFor(2)

            let answer = try await client.call(.get, "/sim/v1/transactions", key: nil)
            let lines = try #require(try JSONSerialization.jsonObject(with: Data(answer.bodyText.utf8)) as? [[String: Any]])
            #expect(lines.map { $0["object"] as? String } == ["charge", "refund", "transfer"])
            #expect(lines[0]["reference"] as? String == "REPORT-1")
            #expect(lines[0]["minorUnits"] as? Int == 10_025)
            #expect(lines[0]["amount"] as? String == "100.25")
            #expect(lines[0]["refundedMinorUnits"] as? Int == 25)
            #expect(lines[0]["scenario"] as? String == "succeed")
            #expect((lines[0]["webhooks"] as? [[String: Any]])?.first?["event"] as? String == "charge.completed")
            #expect(lines[1]["transactionId"] as? Int == id)
            #expect(lines[1]["detail"] as? String == "partial")
            #expect(lines[2]["status"] as? String == "SUCCESSFUL")
            #expect(lines[2]["method"] as? String == "mobile_money")
            #expect(lines[2]["minorUnits"] as? Int == 700)

            let later = SimulatorDate.format(Date().addingTimeInterval(60))
            let none = try await client.call(.get, "/sim/v1/transactions?since=\(later)", key: nil)
            #expect(none.bodyText == "[]")
            let bad = try await client.call(.get, "/sim/v1/transactions?since=yesterday", key: nil)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("GET /sim/v1/balances and GET /v3/balances agree with the Swift balance")
    func balances() async throws {
        let harness = FlutterwaveTestHarness { $0.openingBalances = [try! Money(minorUnits: 1_000_000, currency: .KES)] }
        try await harness.withClient { client in
            _ = try await client.chargeMobileMoney("mpesa", txRef: "BAL-1", amount: "250.5", currency: "KES", phone: "254712345678")
            _ = try await client.finalCharge(txRef: "BAL-1")
            let balance = await harness.simulator.balance(in: .KES)
            #expect(balance.available == 1_025_050)
            #expect(balance.collected == 25_050)

            let report = try await client.call(.get, "/sim/v1/balances", key: nil)
            let lines = try #require(try JSONSerialization.jsonObject(with: Data(report.bodyText.utf8)) as? [[String: Any]])
            #expect(lines.count == 1)
            #expect(lines.first?["currency"] as? String == "KES")
            #expect(lines.first?["available"] as? Int == 1_025_050)
            #expect(lines.first?["availableDecimal"] as? String == "10250.50")

            let api = try await client.call(.get, "/v3/balances/kes")
            #expect(api.message == "Wallet balance fetched")
            #expect(api.number("available_balance") == "10250.5")
            let all = try await client.call(.get, "/v3/balances")
            #expect((all.json?["data"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("webhookDeliveries lists every attempt in sending order")
    func deliveries() async throws {
        let harness = FlutterwaveTestHarness(script: [500])
        try await harness.withClient { client in
            _ = try await client.chargeToken()
            _ = await harness.receiver.waitFor(2)
            let deliveries = await harness.simulator.webhookDeliveries()
            #expect(deliveries.map(\.responseStatus) == [500, 200])
            #expect(deliveries.allSatisfy { $0.url == FlutterwaveTestHarness.webhookURL && $0.reportedStatus == "successful" })
        }
    }
}
