import Foundation
import Hummingbird
import Testing
@testable import Simulators

@Suite("Airtel Money simulator: v1 collections, their ack and enquiry")
struct AirtelMoneyCollectionTests {
    @Test("the ack means the push was sent: DP00800001006, success true, status SUCCESS; with or without the trailing slash",
          arguments: [true, false])
    func ack(_ trailingSlash: Bool) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var collection = AirtelMoneyCollectionCall()
            collection.trailingSlash = trailingSlash
            let answer = try await client.collect(collection)
            #expect(answer.status == .ok)
            #expect(answer.bodyText == """
                {"data":{"transaction":{"id":"\(collection.id)","status":"SUCCESS"}},\
                "status":{"code":"200","message":"SUCCESS","result_code":"ESB000010","response_code":"DP00800001006","success":true}}
                """)
        }
    }

    @Test("the enquiry shows TIP with no airtel_money_id, then TS with one, after the settle delay")
    func settles() async throws {
        try await AirtelMoneyTestHarness { $0.settleDelay = .seconds(1) }.withClient { client in
            let collection = AirtelMoneyCollectionCall()
            _ = try await client.collect(collection)
            let pending = try await client.enquiry(collection.id)
            #expect(pending.transactionStatus == "TIP")
            #expect(pending.transaction?["airtel_money_id"] is NSNull)
            #expect(pending.responseCode == "DP00800001006")
            let settled = try await client.finalEnquiry(collection.id, timeout: .seconds(5))
            #expect(settled.transactionStatus == "TS")
            #expect(settled.responseCode == "DP00800001001")
            #expect(settled.success == true)
            #expect(settled.transaction?["id"] as? String == collection.id)
            let airtelMoneyID = try #require(settled.transaction?["airtel_money_id"] as? String)
            #expect(airtelMoneyID.hasPrefix("MP"))
            #expect(settled.transaction?["message"] as? String == "Transaction is successful.")
        }
    }

    @Test("a transaction.id used before is answered ESB000041 and changes nothing, even with another number")
    func duplicate() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let first = AirtelMoneyCollectionCall()
            #expect(try await client.collect(first).status == .ok)
            var second = AirtelMoneyCollectionCall(msisdn: "700000001")
            second.id = first.id
            let answer = try await client.collect(second)
            #expect(answer.status == .badRequest)
            #expect(answer.resultCode == "ESB000041")
            #expect(answer.statusBlock?["message"] as? String == "External Transaction ID already exists.")
            #expect(try await client.finalEnquiry(first.id).transactionStatus == "TS")
            #expect(await AirtelMoneyTestHarness.recordedCount(client) == 1)
        }
    }

    @Test("an unknown id is 404 DP00800001025, ESB000045")
    func unknown() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let answer = try await client.enquiry("never-sent")
            #expect(answer.status == .notFound)
            #expect(answer.responseCode == "DP00800001025")
            #expect(answer.resultCode == "ESB000045")
            #expect(answer.success == false)
        }
    }

    @Test("a disbursement id is not a collection id: the collection enquiry does not find it")
    func namespaces() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let disbursement = AirtelMoneyDisbursementCall()
            let paid = try await client.disburse(disbursement)
            #expect(paid.status == .ok)
            #expect(try await client.enquiry(disbursement.id).status == .notFound)
        }
    }
}
