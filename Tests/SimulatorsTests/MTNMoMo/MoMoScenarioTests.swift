import Foundation
import Testing
@testable import Simulators

/// One line of the scenario table and what a client must observe.
struct MoMoScenarioExpectation: Sendable, CustomTestStringConvertible {
    let partyID: String
    /// The POST's answer.
    let postStatus: Int
    let postCode: String?
    /// The status GET after settlement; `nil` when nothing is recorded (404).
    let finalStatus: String?
    let reason: String?
    /// The `status` of each callback, in order.
    let callbacks: [String]

    var testDescription: String { "\(partyID) → \(postStatus) \(finalStatus ?? "not recorded") \(reason ?? "")" }

    static let all: [MoMoScenarioExpectation] = {
        var all: [MoMoScenarioExpectation] = [
            .init(partyID: "250788123456", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil, callbacks: ["SUCCESSFUL"]),
            .init(partyID: "250780001017", postStatus: 409, postCode: "RESOURCE_ALREADY_EXIST", finalStatus: nil, reason: nil, callbacks: []),
            .init(partyID: "250780001018", postStatus: 202, postCode: nil, finalStatus: "FAILED",
                  reason: "COULD_NOT_PERFORM_TRANSACTION", callbacks: ["FAILED"]),
            .init(partyID: "250780002001", postStatus: 202, postCode: nil, finalStatus: "PENDING", reason: nil, callbacks: []),
            .init(partyID: "250780002002", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil, callbacks: []),
            .init(partyID: "250780002003", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil,
                  callbacks: ["SUCCESSFUL", "SUCCESSFUL"]),
            .init(partyID: "250780002004", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil, callbacks: ["SUCCESSFUL"]),
            .init(partyID: "250780002005", postStatus: 500, postCode: "INTERNAL_PROCESSING_ERROR", finalStatus: nil, reason: nil, callbacks: []),
            .init(partyID: "250780002006", postStatus: 503, postCode: "SERVICE_UNAVAILABLE", finalStatus: nil, reason: nil, callbacks: []),
            .init(partyID: "250780002007", postStatus: 500, postCode: "INTERNAL_PROCESSING_ERROR", finalStatus: "SUCCESSFUL", reason: nil,
                  callbacks: ["SUCCESSFUL"]),
            .init(partyID: "250780002008", postStatus: 202, postCode: nil, finalStatus: "SUCCESSFUL", reason: nil,
                  callbacks: ["SUCCESSFUL", "FAILED"]),
        ]
        let codes = [
            "PAYEE_NOT_FOUND", "PAYER_NOT_FOUND", "NOT_ALLOWED", "NOT_ALLOWED_TARGET_ENVIRONMENT", "INVALID_CALLBACK_URL_HOST",
            "INVALID_CURRENCY", "SERVICE_UNAVAILABLE", "INTERNAL_PROCESSING_ERROR", "NOT_ENOUGH_FUNDS", "PAYER_LIMIT_REACHED",
            "PAYEE_NOT_ALLOWED_TO_RECEIVE", "PAYMENT_NOT_APPROVED", "RESOURCE_NOT_FOUND", "APPROVAL_REJECTED", "EXPIRED",
            "TRANSACTION_CANCELED",
        ]
        for (index, code) in codes.enumerated() {
            let partyID = String(format: "2507800010%02d", index + 1)
            all.append(.init(partyID: partyID, postStatus: 202, postCode: nil, finalStatus: "FAILED", reason: code, callbacks: ["FAILED"]))
        }
        return all
    }()
}

@Suite("MTN MoMo simulator: the scenario table")
struct MoMoScenarioTests {
    @Test(arguments: MoMoScenarioExpectation.all, MoMoProduct.allCases)
    func scenario(_ expected: MoMoScenarioExpectation, product: MoMoProduct) async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let token = try await client.token(product)
            let payment = MoMoPaymentCall(product: product, token: token, partyID: expected.partyID)
            let started = ContinuousClock.now
            let answer = try await client.pay(payment)
            #expect(answer.status.code == expected.postStatus)
            if let code = expected.postCode { #expect(answer.code == code) }
            if expected.partyID == "250780002004" { #expect(ContinuousClock.now - started >= .milliseconds(200)) }

            let final = try await client.finalStatus(product, token: token, reference: payment.reference, timeout: .milliseconds(300))
            if let status = expected.finalStatus {
                #expect(final.json?["status"] as? String == status)
                #expect(Self.reasonCode(final.json?["reason"]) == expected.reason)
            } else {
                #expect(final.status == .notFound)
            }

            let callbacks = await harness.recorder.waitFor(expected.callbacks.count)
            try await Task.sleep(for: .milliseconds(60))
            let delivered = await harness.recorder.requests
            #expect(delivered.count == expected.callbacks.count)
            let statuses = callbacks.compactMap { request in
                request.body.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }?["status"] as? String
            }
            #expect(statuses == expected.callbacks)
            let recorded = await harness.simulator.transaction(reference: payment.reference, product: product)
            #expect(recorded?.status.rawValue == expected.finalStatus)
        }
    }

    /// The code of a `reason` given as an object or as a string.
    static func reasonCode(_ reason: Any?) -> String? {
        if let text = reason as? String { return text }
        return (reason as? [String: Any])?["code"] as? String
    }

    @Test("the table maps every number to its scenario and back")
    func tableRoundTrip() {
        #expect(MoMoScenario(partyID: "250788000000") == .succeed)
        #expect(MoMoScenario(partyID: "250780001001") == .fail(.payeeNotFound))
        #expect(MoMoScenario(partyID: "250780001016") == .fail(.transactionCanceled))
        #expect(MoMoScenario.partyID(for: .pendingForever) == "250780002001")
        #expect(MoMoScenario.partyID(for: .succeed) == nil)
    }
}
