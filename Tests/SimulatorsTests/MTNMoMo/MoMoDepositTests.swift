import Foundation
import Hub
import Testing
@testable import Simulators

/// A deposit's payee and what it ends as: the payment scenario table applies to deposits as to transfers.
struct MoMoDepositExpectation: Sendable, CustomTestStringConvertible {
    let payee: String
    let postStatus: Int
    let finalStatus: String?
    let reason: String?

    var testDescription: String { "\(payee) → \(postStatus) \(finalStatus ?? "not recorded") \(reason ?? "")" }

    static let all: [MoMoDepositExpectation] = [
        .init(payee: "250788123456", postStatus: 202, finalStatus: "SUCCESSFUL", reason: nil),
        .init(payee: "250780001011", postStatus: 202, finalStatus: "FAILED", reason: "PAYEE_NOT_ALLOWED_TO_RECEIVE"),
        .init(payee: "250780002001", postStatus: 202, finalStatus: "PENDING", reason: nil),
        .init(payee: "250780001017", postStatus: 409, finalStatus: nil, reason: nil),
        .init(payee: "250780002006", postStatus: 503, finalStatus: nil, reason: nil),
    ]
}

@Suite("MTN MoMo simulator: deposits")
struct MoMoDepositTests {
    @Test("a deposit behaves like a transfer, under its own status path", arguments: ["v1_0", "v2_0"])
    func deposited(_ version: String) async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let token = try await client.token(.disbursement)
            var deposit = MoMoPaymentCall(kind: .deposit, token: token, partyID: "250789654321")
            deposit.version = version
            deposit.amountJSON = "\"25.50\""
            let posted = try await client.pay(deposit)
            #expect(posted.status == .accepted)
            #expect(posted.bodyText.isEmpty)

            let final = try await client.finalStatus(.deposit, token: token, reference: deposit.reference)
            let json = try #require(final.json)
            #expect(Set(json.keys).isSuperset(of: try MoMoFixtures.json("deposit-status_successful.json").keys))
            #expect(json["status"] as? String == "SUCCESSFUL")
            #expect(json["amount"] as? String == "25.5")
            #expect(json["payee"] as? [String: String] == ["partyIdType": "MSISDN", "partyId": "250789654321"])
            let callback = try #require(await harness.recorder.waitFor(1).first?.body)
            #expect(String(decoding: callback, as: UTF8.self) == final.bodyText)

            let float = MoMoSimulatorConfiguration.defaultFloat[0]
            #expect(await harness.simulator.balance(of: .disbursement, in: .EUR).minorUnits == float.minorUnits - 25_50)
            #expect(await harness.simulator.transaction(reference: deposit.reference, product: .disbursement)?.kind == .deposit)
            #expect(try await client.status(.transfer, token: token, reference: deposit.reference).status == .notFound)
            #expect(try await client.get("/disbursement/v2_0/deposit/\(deposit.reference)", token: token).status == .notFound)
            let report = try await client.call(.get, "/sim/v1/transactions", headers: [:])
            let lines = try #require((try JSONSerialization.jsonObject(with: Data(report.bodyText.utf8))) as? [[String: Any]])
            #expect(lines.map { $0["kind"] as? String } == ["deposit"])
        }
    }

    @Test(arguments: MoMoDepositExpectation.all, ["v1_0", "v2_0"])
    func scenario(_ expected: MoMoDepositExpectation, version: String) async throws {
        try await MoMoTestHarness().withClient { client in
            let token = try await client.token(.disbursement)
            var deposit = MoMoPaymentCall(kind: .deposit, token: token, partyID: expected.payee)
            deposit.version = version
            #expect(try await client.pay(deposit).status.code == expected.postStatus)
            let final = try await client.finalStatus(.deposit, token: token, reference: deposit.reference, timeout: .milliseconds(300))
            if let status = expected.finalStatus {
                #expect(final.json?["status"] as? String == status)
                #expect(MoMoScenarioTests.reasonCode(final.json?["reason"]) == expected.reason)
            } else {
                #expect(final.status == .notFound)
            }
        }
    }

    @Test("deposits are validated like transfers", arguments: MoMoInvalidPayment.all, ["v1_0", "v2_0"])
    func refused(_ invalid: MoMoInvalidPayment, version: String) async throws {
        let harness = MoMoTestHarness { $0.subscriptionKey = "sub-key" }
        try await harness.withClient { client in
            var deposit = MoMoPaymentCall(kind: .deposit, token: try await client.token(.disbursement))
            deposit.version = version
            invalid.alter(&deposit)
            let answer = try await client.pay(deposit)
            #expect(answer.status.code == invalid.status)
            if let code = invalid.code { #expect(answer.code == code) }
            #expect(await harness.simulator.transactions().isEmpty)
        }
    }

    @Test("a deposit needs a disbursement token, and shares the reference namespace")
    func tokenAndReference() async throws {
        try await MoMoTestHarness().withClient { client in
            let token = try await client.token(.disbursement)
            let withCollectionToken = MoMoPaymentCall(kind: .deposit, token: try await client.token(.collection))
            #expect(try await client.pay(withCollectionToken).status == .unauthorized)
            let transfer = MoMoPaymentCall(product: .disbursement, token: token)
            #expect(try await client.pay(transfer).status == .accepted)
            var deposit = MoMoPaymentCall(kind: .deposit, token: token)
            deposit.reference = transfer.reference
            #expect(try await client.pay(deposit).code == "RESOURCE_ALREADY_EXIST")
        }
    }

    @Test("a deposit beyond the float fails with NOT_ENOUGH_FUNDS")
    func notEnoughFunds() async throws {
        let float = try Money(parsing: "10", currency: .EUR)
        let harness = MoMoTestHarness { $0.disbursementFloat = [float] }
        try await harness.withClient { client in
            let token = try await client.token(.disbursement)
            let deposit = MoMoPaymentCall(kind: .deposit, token: token)
            #expect(try await client.pay(deposit).status == .accepted)
            let final = try await client.finalStatus(.deposit, token: token, reference: deposit.reference)
            #expect(MoMoScenarioTests.reasonCode(final.json?["reason"]) == "NOT_ENOUGH_FUNDS")
            #expect(await harness.simulator.balance(of: .disbursement, in: .EUR) == float)
        }
    }
}
