import Foundation
import Hummingbird
import Testing
@testable import Simulators

/// One line of the scenario table as a disbursement's payee, and what a client must observe.
struct AirtelMoneyDisbursementExpectation: Sendable, CustomTestStringConvertible {
    let msisdn: String
    let postStatus: Int
    /// The POST's `data.transaction.status` and `response_code`; `nil` for a 500.
    let postTransactionStatus: String?
    let postCode: String?
    /// The enquiry once settled; `nil` when nothing is recorded (404).
    let finalStatus: String?
    let finalCode: String?

    var testDescription: String { "\(msisdn) → \(postStatus) \(postTransactionStatus ?? "-") then \(finalStatus ?? "not recorded")" }

    static let all: [AirtelMoneyDisbursementExpectation] = [
        .init(msisdn: "752604392", postStatus: 200, postTransactionStatus: "TS", postCode: "DP00900001001", finalStatus: "TS",
              finalCode: "DP00900001001"),
        .init(msisdn: "700000001", postStatus: 200, postTransactionStatus: "TF", postCode: "DP00900001007", finalStatus: "TF",
              finalCode: "DP00900001007"),
        .init(msisdn: "700000005", postStatus: 200, postTransactionStatus: "TF", postCode: "DP00900001013", finalStatus: "TF",
              finalCode: "DP00900001013"),
        .init(msisdn: "700000006", postStatus: 200, postTransactionStatus: "TF", postCode: "DP00900001010", finalStatus: "TF",
              finalCode: "DP00900001010"),
        .init(msisdn: "700000007", postStatus: 200, postTransactionStatus: "TF", postCode: "DP00900001003", finalStatus: "TF",
              finalCode: "DP00900001003"),
        .init(msisdn: "700000002", postStatus: 200, postTransactionStatus: "TF", postCode: "DP00900001005", finalStatus: "TF",
              finalCode: "DP00900001005"),
        .init(msisdn: "750000001", postStatus: 200, postTransactionStatus: "TA", postCode: "DP00900001000", finalStatus: "TS",
              finalCode: "DP00900001001"),
        .init(msisdn: "750000002", postStatus: 200, postTransactionStatus: "TIP", postCode: "DP00900001006", finalStatus: "TIP",
              finalCode: "DP00900001006"),
        .init(msisdn: "750000004", postStatus: 200, postTransactionStatus: "TS", postCode: "DP00900001001", finalStatus: "TS",
              finalCode: "DP00900001001"),
        .init(msisdn: "750000006", postStatus: 500, postTransactionStatus: nil, postCode: nil, finalStatus: nil, finalCode: nil),
        .init(msisdn: "750000007", postStatus: 500, postTransactionStatus: nil, postCode: nil,
              finalStatus: "TS", finalCode: "DP00900001001"),
        .init(msisdn: "750000008", postStatus: 200, postTransactionStatus: "TS", postCode: "DP00900001001", finalStatus: "TS",
              finalCode: "DP00900001001"),
    ]
}

@Suite("Airtel Money simulator: the scenario table for disbursements")
struct AirtelMoneyDisbursementScenarioTests {
    @Test(arguments: AirtelMoneyDisbursementExpectation.all)
    func scenario(_ expected: AirtelMoneyDisbursementExpectation) async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let disbursement = AirtelMoneyDisbursementCall(msisdn: expected.msisdn)
            let answer = try await client.disburse(disbursement)
            #expect(Int(answer.status.code) == expected.postStatus)
            #expect(answer.transactionStatus == expected.postTransactionStatus)
            #expect(answer.responseCode == expected.postCode)
            try await Task.sleep(for: AirtelMoneyTestHarness.ambiguousDelay + .milliseconds(30))
            let final = try await client.get("/standard/v1/disbursements/\(disbursement.id)")
            if let status = expected.finalStatus {
                #expect(final.transactionStatus == status)
                #expect(final.responseCode == expected.finalCode)
            } else {
                #expect(final.status == .notFound)
            }
            #expect(await harness.recorder.requests.isEmpty)
        }
    }
}
