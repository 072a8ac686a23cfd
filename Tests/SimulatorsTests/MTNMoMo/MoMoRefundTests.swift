import Foundation
import Hub
import Testing
@testable import Simulators

/// One line of the refund scenario table, keyed by the refunded collection's payer.
struct MoMoRefundExpectation: Sendable, CustomTestStringConvertible {
    let payer: String
    let postStatus: Int
    let postCode: String?
    /// The refund's status after settlement; `nil` when nothing is recorded (404).
    let finalStatus: String?
    let reason: String?
    let callbacks: [String]
    /// What the refund takes from the disbursement float, in minor units.
    let taken: Int64

    var testDescription: String { "\(payer) → \(postStatus) \(finalStatus ?? "not recorded") \(reason ?? "")" }

    static let all: [MoMoRefundExpectation] = [
        .init(payer: "250788123456", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil, callbacks: ["SUCCESSFUL"],
              taken: 40_00),
        .init(payer: "250780004001", postStatus: 202, postCode: nil, finalStatus: "FAILED", reason: "PAYEE_NOT_ALLOWED_TO_RECEIVE",
              callbacks: ["FAILED"], taken: 0),
        .init(payer: "250780004002", postStatus: 202, postCode: nil, finalStatus: "PENDING", reason: nil, callbacks: [], taken: 0),
        .init(payer: "250780004003", postStatus: 409, postCode: "RESOURCE_ALREADY_EXIST", finalStatus: nil, reason: nil, callbacks: [],
              taken: 0),
    ]
}

@Suite("MTN MoMo simulator: refunds of collections")
struct MoMoRefundTests {
    static let float = MoMoSimulatorConfiguration.defaultFloat[0]

    @Test("a refund pays the collection's payer back from the float, like a transfer", arguments: ["v1_0", "v2_0"])
    func refunded(_ version: String) async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let collection = try await client.settledCollection(token: try await client.token(.collection))
            let token = try await client.token(.disbursement)
            var refund = MoMoRefundCall(token: token, refunding: collection.reference)
            refund.version = version
            refund.amountJSON = "\"40.00\""
            let posted = try await client.refund(refund)
            #expect(posted.status == .accepted)
            #expect(posted.bodyText.isEmpty)

            let final = try await client.finalStatus(.refund, token: token, reference: refund.reference)
            let json = try #require(final.json)
            #expect(Set(json.keys) == Set(try MoMoFixtures.json("refund-status_successful.json").keys))
            #expect(json["status"] as? String == "SUCCESSFUL")
            #expect(json["amount"] as? String == "40")
            #expect(json["payee"] as? [String: String] == ["partyIdType": "MSISDN", "partyId": "250788123456"])
            #expect(json["payeeNote"] as? String == "Order 42 refunded")
            #expect(json["financialTransactionId"] is String)

            let callback = try #require(await harness.recorder.waitFor(1).first)
            #expect(callback.url == "http://127.0.0.1:9/momo/callback")
            #expect(callback.body.map { String(decoding: $0, as: UTF8.self) } == final.bodyText)

            #expect(await harness.simulator.balance(of: .disbursement, in: .EUR).minorUnits == Self.float.minorUnits - 40_00)
            #expect(await harness.simulator.balance(of: .collection, in: .EUR).minorUnits == 100_00)
            let recorded = try #require(await harness.simulator.transaction(reference: refund.reference, product: .disbursement))
            #expect(recorded.kind == .refund)
            #expect(recorded.refundedReference == collection.reference)
            #expect(await harness.simulator.refunds(of: collection.reference.uppercased()).map(\.reference) == [refund.reference])

            #expect(try await client.status(.transfer, token: token, reference: refund.reference).status == .notFound)
            #expect(try await client.get("/disbursement/v2_0/refund/\(refund.reference)", token: token).status == .notFound)
        }
    }

    @Test(arguments: MoMoRefundExpectation.all)
    func scenario(_ expected: MoMoRefundExpectation) async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let collection = try await client.settledCollection(token: try await client.token(.collection), payer: expected.payer)
            let token = try await client.token(.disbursement)
            var refund = MoMoRefundCall(token: token, refunding: collection.reference)
            refund.amountJSON = "\"40\""
            let posted = try await client.refund(refund)
            #expect(posted.status.code == expected.postStatus)
            if let code = expected.postCode { #expect(posted.code == code) }

            let final = try await client.finalStatus(.refund, token: token, reference: refund.reference, timeout: .milliseconds(300))
            if let status = expected.finalStatus {
                #expect(final.json?["status"] as? String == status)
                #expect(MoMoScenarioTests.reasonCode(final.json?["reason"]) == expected.reason)
            } else {
                #expect(final.status == .notFound)
            }
            _ = await harness.recorder.waitFor(expected.callbacks.count)
            try await Task.sleep(for: .milliseconds(60))
            let statuses = await harness.recorder.requests.compactMap { request in
                request.body.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }?["status"] as? String
            }
            #expect(statuses == expected.callbacks)
            #expect(await harness.simulator.balance(of: .disbursement, in: .EUR).minorUnits == Self.float.minorUnits - expected.taken)
            let refunds = await harness.simulator.refunds(of: collection.reference)
            #expect(refunds.map(\.status.rawValue) == (expected.finalStatus.map { [$0] } ?? []))
        }
    }

    @Test("refunds add up to the collection's amount, no further; a PENDING refund holds its part, a FAILED one releases it")
    func limits() async throws {
        try await MoMoTestHarness().withClient { client in
            let collect = try await client.token(.collection)
            let token = try await client.token(.disbursement)
            let paid = try await client.settledCollection(token: collect)
            for (amount, status) in [("60", 202), ("40", 202), ("0.01", 500)] {
                var refund = MoMoRefundCall(token: token, refunding: paid.reference)
                refund.amountJSON = "\"\(amount)\""
                let answer = try await client.refund(refund)
                #expect(answer.status.code == status)
                if status == 500 {
                    #expect(answer.code == "NOT_ALLOWED")
                    #expect(answer.json?["message"] as? String == "The amount exceeds what is left to refund: 0 EUR.")
                }
            }

            let pending = try await client.settledCollection(token: collect, payer: "250780004002")
            #expect(try await client.refund(MoMoRefundCall(token: token, refunding: pending.reference)).status == .accepted)
            var more = MoMoRefundCall(token: token, refunding: pending.reference)
            more.amountJSON = "\"1\""
            #expect(try await client.refund(more).code == "NOT_ALLOWED")

            let failing = try await client.settledCollection(token: collect, payer: "250780004001")
            let first = MoMoRefundCall(token: token, refunding: failing.reference)
            #expect(try await client.refund(first).status == .accepted)
            #expect(try await client.finalStatus(.refund, token: token, reference: first.reference).json?["status"] as? String == "FAILED")
            #expect(try await client.refund(MoMoRefundCall(token: token, refunding: failing.reference)).status == .accepted)
        }
    }

    @Test("a refund beyond the disbursement float fails with NOT_ENOUGH_FUNDS and takes nothing")
    func notEnoughFunds() async throws {
        let float = try Money(parsing: "50", currency: .EUR)
        let harness = MoMoTestHarness { $0.disbursementFloat = [float] }
        try await harness.withClient { client in
            let paid = try await client.settledCollection(token: try await client.token(.collection))
            let token = try await client.token(.disbursement)
            var refund = MoMoRefundCall(token: token, refunding: paid.reference)
            refund.amountJSON = "\"80\""
            #expect(try await client.refund(refund).status == .accepted)
            let final = try await client.finalStatus(.refund, token: token, reference: refund.reference)
            #expect(MoMoScenarioTests.reasonCode(final.json?["reason"]) == "NOT_ENOUGH_FUNDS")
            #expect(await harness.simulator.balance(of: .disbursement, in: .EUR).minorUnits == 50_00)
        }
    }

    @Test("a reused X-Reference-Id is 409, even once the collection is fully refunded")
    func duplicateReference() async throws {
        try await MoMoTestHarness().withClient { client in
            let paid = try await client.settledCollection(token: try await client.token(.collection))
            let token = try await client.token(.disbursement)
            let refund = MoMoRefundCall(token: token, refunding: paid.reference)
            #expect(try await client.refund(refund).status == .accepted)
            let again = try await client.refund(refund)
            #expect(again.status == .conflict)
            #expect(again.json as? [String: String] == ["code": "RESOURCE_ALREADY_EXIST",
                                                          "message": "Duplicated reference id. Creation of resource failed."])
            var reusingCollection = MoMoRefundCall(token: token, refunding: paid.reference)
            reusingCollection.reference = paid.reference
            #expect(try await client.refund(reusingCollection).status == .conflict)
        }
    }

    @Test("the report lists refunds with their kind and the refunded reference")
    func reported() async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let paid = try await client.settledCollection(token: try await client.token(.collection))
            let refund = MoMoRefundCall(token: try await client.token(.disbursement), refunding: paid.reference)
            #expect(try await client.refund(refund).status == .accepted)
            let report = try await client.call(.get, "/sim/v1/transactions", headers: [:])
            let lines = try #require((try JSONSerialization.jsonObject(with: Data(report.bodyText.utf8))) as? [[String: Any]])
            #expect(lines.map { $0["kind"] as? String } == ["requesttopay", "refund"])
            #expect(lines.map { $0["product"] as? String } == ["collection", "disbursement"])
            #expect(lines.map { $0["referenceIdToRefund"] as? String } == [nil, paid.reference])
            #expect(lines.last?["partyId"] as? String == "250788123456")
        }
    }
}
