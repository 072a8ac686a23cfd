import Foundation
import Hummingbird
import Testing
@testable import Simulators

@Suite("Airtel Money simulator: refunds of collections")
struct AirtelMoneyRefundTests {
    @Test("a settled collection is refunded at once by its airtel_money_id; its enquiry then shows the refund", arguments: ["v1", "v2"])
    func refunds(_ version: String) async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let settled = try await client.settledCollection()
            let airtelMoneyID = try #require(settled.transaction?["airtel_money_id"] as? String)
            let answer = try await client.refund(airtelMoneyID: airtelMoneyID, version: version, signed: version == "v2")
            #expect(answer.status == .ok)
            #expect(answer.transactionStatus == "SUCCESS")
            #expect(answer.responseCode == "DP00800001001")
            let refundID = try #require(answer.transaction?["airtel_money_id"] as? String)
            #expect(refundID.hasPrefix("RF") && refundID != airtelMoneyID)
            let after = try await client.enquiry(try #require(settled.transaction?["id"] as? String))
            #expect(after.transactionStatus == "TS")
            let refund = try #require(after.transaction?["refund"] as? [String: Any])
            #expect(refund["airtel_money_id"] as? String == refundID)
            #expect(refund["status"] as? String == "TS")
            let recorded = try #require(await harness.simulator.transaction(refundID, kind: .refund))
            #expect(recorded.refundedAirtelMoneyID == airtelMoneyID)
            #expect(recorded.amount.minorUnits == 1500)
            #expect(recorded.apiVersion == version)
        }
    }

    @Test("refunding twice, refunding a failed or pending collection, and an unknown id are refused")
    func refusals() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let settled = try await client.settledCollection()
            let airtelMoneyID = try #require(settled.transaction?["airtel_money_id"] as? String)
            #expect(try await client.refund(airtelMoneyID: airtelMoneyID).status == .ok)
            let twice = try await client.refund(airtelMoneyID: airtelMoneyID)
            #expect(twice.status == .badRequest)
            #expect(twice.responseCode == "DP00800001008")
            #expect(twice.success == false)

            let failed = try await client.settledCollection(msisdn: "700000001")
            let failedID = try #require(failed.transaction?["airtel_money_id"] as? String)
            #expect(try await client.refund(airtelMoneyID: failedID).responseCode == "DP00800001008")

            let unknown = try await client.refund(airtelMoneyID: "MP000000.0000.A99999")
            #expect(unknown.status == .notFound)
            #expect(unknown.responseCode == "DP00800001025")
            let missing = try await client.call(.post, "/standard/v1/payments/refund", headers: client.headers(), body: Array("{}".utf8))
            #expect(missing.status == .badRequest)
            #expect(missing.resultCode == "ESB000008")
        }
    }

    @Test("a v2 refund must be signed: unsigned or altered is 403 DP00800001026")
    func signedV2() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let settled = try await client.settledCollection()
            let airtelMoneyID = try #require(settled.transaction?["airtel_money_id"] as? String)
            let unsigned = try await client.refund(airtelMoneyID: airtelMoneyID, version: "v2")
            #expect(unsigned.status == .forbidden)
            #expect(unsigned.responseCode == "DP00800001026")
            let body = Array(#"{"transaction":{"airtel_money_id":"\#(airtelMoneyID)"}}"#.utf8)
            let other = try AirtelMoneySigner.sign(Array(#"{"transaction":{"airtel_money_id":"MP1"}}"#.utf8))
            let headers = client.headers(overrides: ["x-key": other.xKey, "x-signature": other.xSignature])
            let altered = try await client.call(.post, "/standard/v2/payments/refund", headers: headers, body: body)
            #expect(altered.status == .forbidden)
            #expect(try await client.enquiry(try #require(settled.transaction?["id"] as? String)).transaction?["refund"] == nil)
        }
    }
}
