import Foundation
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: transaction verification")
struct FlutterwaveVerifyTests {
    @Test("verify by id and by tx_ref answer the same transaction, with the documented fields")
    func byIDAndByReference() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let charged = try await client.chargeToken(txRef: "VERIFY-1", amount: "100")
            let id = try #require(charged.data?["id"] as? Int)
            let byID = try await client.call(.get, "/v3/transactions/\(id)/verify")
            let byReference = try await client.verify(txRef: "VERIFY-1")
            #expect(byID.status == .ok)
            #expect(byID.message == "Transaction fetched successfully")
            #expect(byID.bodyText == byReference.bodyText)

            let documented = try FlutterwaveFixtures.json("verify_successful.json")
            let documentedData = documented["data"] as? [String: Any] ?? [:]
            let data = try #require(byID.data)
            #expect(Set(try #require(byID.json).keys) == Set(documented.keys))
            #expect(Set(data.keys).isSuperset(of: documentedData.keys))
            let documentedCustomer = documentedData["customer"] as? [String: Any] ?? [:]
            #expect(Set((data["customer"] as? [String: Any] ?? [:]).keys) == Set(documentedCustomer.keys))
            #expect(Set((data["card"] as? [String: Any] ?? [:]).keys) == Set((documentedData["card"] as? [String: Any] ?? [:]).keys))
            #expect(data["tx_ref"] as? String == "VERIFY-1")
            #expect(data["status"] as? String == "successful")
            #expect(byID.number("amount_settled") == "100")
        }
    }

    @Test("a pending mobile-money charge verifies as pending with no settled amount, then as successful")
    func pendingThenSuccessful() async throws {
        let harness = FlutterwaveTestHarness { $0.chargeSettleDelay = .seconds(5) }
        try await harness.withClient { client in
            _ = try await client.chargeMobileMoney(txRef: "PENDING-1", amount: "5000")
            let pending = try await client.verify(txRef: "PENDING-1")
            #expect(pending.data?["status"] as? String == "pending")
            #expect(pending.data?["processor_response"] as? String == "Transaction in progress")
            #expect(pending.data?["amount_settled"] is NSNull)
            let final = try await client.finalCharge(txRef: "PENDING-1")
            #expect(final.data?["status"] as? String == "successful")
            #expect(final.number("amount_settled") == "5000")
        }
    }

    @Test(
        "the documented not-found answer",
        arguments: ["/v3/transactions/123456789/verify", "/v3/transactions/verify_by_reference?tx_ref=unknown"]
    )
    func notFound(_ path: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.get, path)
            let documented = try FlutterwaveFixtures.json("verify_not-found.json")
            #expect(answer.status == .badRequest)
            #expect(answer.message == documented["message"] as? String)
            #expect(answer.envelopeStatus == "error")
        }
    }

    @Test("a tx_ref is looked up exactly, not by prefix or case")
    func exactReference() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeToken(txRef: "Order-77")
            #expect(try await client.verify(txRef: "Order-77").status == .ok)
            #expect(try await client.verify(txRef: "order-77").status == .badRequest)
            #expect(try await client.verify(txRef: "Order-7").status == .badRequest)
        }
    }
}
