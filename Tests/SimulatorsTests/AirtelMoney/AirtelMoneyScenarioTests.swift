import Foundation
import Hummingbird
import Testing
@testable import Simulators

/// One line of the collection scenario table and what a client must observe.
struct AirtelMoneyScenarioExpectation: Sendable, CustomTestStringConvertible {
    let msisdn: String
    /// The POST's HTTP status and `response_code`.
    let postStatus: Int
    let postCode: String?
    /// The enquiry once settled; `nil` when nothing is recorded (404).
    let finalStatus: String?
    let finalCode: String?
    /// The `status_code` of each callback, in order.
    let callbacks: [String]

    var testDescription: String { "\(msisdn) → \(postStatus) \(finalStatus ?? "not recorded") \(finalCode ?? "")" }

    static let all: [AirtelMoneyScenarioExpectation] = [
        .init(msisdn: "752604392", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TS", finalCode: "DP00800001001", callbacks: ["TS"]),
        .init(msisdn: "700000001", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001007", callbacks: ["TF"]),
        .init(msisdn: "700000002", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001002", callbacks: ["TF"]),
        .init(msisdn: "700000003", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001005", callbacks: ["TF"]),
        .init(msisdn: "700000004", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TE", finalCode: "DP00800001029", callbacks: ["TF"]),
        .init(msisdn: "700000005", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001008", callbacks: ["TF"]),
        .init(msisdn: "700000006", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001010", callbacks: ["TF"]),
        .init(msisdn: "700000007", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001003", callbacks: ["TF"]),
        .init(msisdn: "700000008", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001009", callbacks: ["TF"]),
        .init(msisdn: "700000009", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TF", finalCode: "DP00800001024", callbacks: ["TF"]),
        .init(msisdn: "750000001", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TS", finalCode: "DP00800001001", callbacks: ["TS"]),
        .init(msisdn: "750000002", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TIP", finalCode: "DP00800001006", callbacks: []),
        .init(msisdn: "750000003", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TS", finalCode: "DP00800001001", callbacks: []),
        .init(msisdn: "750000004", postStatus: 200, postCode: "DP00800001006", finalStatus: "TS", finalCode: "DP00800001001",
              callbacks: ["TS", "TS"]),
        .init(msisdn: "750000005", postStatus: 200, postCode: "DP00800001006", finalStatus: "TS", finalCode: "DP00800001001",
              callbacks: ["TS", "TF"]),
        .init(msisdn: "750000006", postStatus: 500, postCode: nil, finalStatus: nil, finalCode: nil, callbacks: []),
        .init(msisdn: "750000007", postStatus: 500, postCode: nil, finalStatus: "TS", finalCode: "DP00800001001", callbacks: ["TS"]),
        .init(msisdn: "750000008", postStatus: 200, postCode: "DP00800001006",
              finalStatus: "TS", finalCode: "DP00800001001", callbacks: ["TS"]),
    ]
}

@Suite("Airtel Money simulator: the collection scenario table")
struct AirtelMoneyScenarioTests {
    @Test(arguments: AirtelMoneyScenarioExpectation.all)
    func scenario(_ expected: AirtelMoneyScenarioExpectation) async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let collection = AirtelMoneyCollectionCall(msisdn: expected.msisdn)
            let started = ContinuousClock.now
            let answer = try await client.collect(collection)
            #expect(Int(answer.status.code) == expected.postStatus)
            #expect(answer.responseCode == expected.postCode)
            if expected.postStatus == 500 { #expect(answer.resultCode == "ESB000001") }
            if expected.msisdn == "750000008" { #expect(ContinuousClock.now - started >= .milliseconds(300)) }

            let wait: Duration = expected.finalStatus == "TIP" ? .milliseconds(400) : .seconds(3)
            let final = try await client.finalEnquiry(collection.id, timeout: wait)
            if let status = expected.finalStatus {
                #expect(final.transactionStatus == status)
                #expect(final.responseCode == expected.finalCode)
            } else {
                #expect(final.status == .notFound)
            }
            let callbacks = await harness.recorder.waitFor(expected.callbacks.count, timeout: .seconds(3))
            try await Task.sleep(for: .milliseconds(60))
            #expect(await harness.recorder.requests.count == expected.callbacks.count)
            let statuses = callbacks.compactMap { request in
                ((request.body.flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any])?["transaction"]
                    as? [String: Any])?["status_code"] as? String
            }
            #expect(statuses == expected.callbacks)
        }
    }

    @Test("the ambiguous number answers TA with DP00800001000 between the push and its settlement")
    func ambiguousInBetween() async throws {
        try await AirtelMoneyTestHarness { $0.ambiguousDelay = .seconds(2) }.withClient { client in
            let collection = AirtelMoneyCollectionCall(msisdn: "750000001")
            _ = try await client.collect(collection)
            try await Task.sleep(for: AirtelMoneyTestHarness.settleDelay + .milliseconds(20))
            let ambiguous = try await client.enquiry(collection.id)
            #expect(ambiguous.transactionStatus == "TA")
            #expect(ambiguous.responseCode == "DP00800001000")
            #expect(ambiguous.success == false)
        }
    }

    @Test("every number of the table is a national Ugandan Airtel number, and the table covers every decline")
    func table() {
        for msisdn in AirtelMoneyScenario.table.keys {
            #expect(msisdn.count == 9 && (msisdn.hasPrefix("70") || msisdn.hasPrefix("75")), "\(msisdn)")
        }
        for decline in AirtelMoneyDecline.allCases {
            #expect(AirtelMoneyScenario.msisdn(for: .decline(decline)) != nil)
        }
        #expect(AirtelMoneyScenario(msisdn: "752604392") == .succeed)
        #expect(Set(AirtelMoneyScenarioExpectation.all.map(\.msisdn)).count == AirtelMoneyScenarioExpectation.all.count)
    }
}
