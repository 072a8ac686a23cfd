import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: tx_ref and transfer reference are claimed once, even concurrently")
struct FlutterwaveDuplicateTests {
    @Test("of eight concurrent charges with one tx_ref exactly one is accepted", arguments: ["mobile money", "card"])
    func concurrentCharges(_ kind: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let answer = kind == "card"
                            ? try await client.chargeToken(txRef: "RACE-1", amount: "100")
                            : try await client.chargeMobileMoney(txRef: "RACE-1", amount: "100")
                        return answer.status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200] + Array(repeating: 400, count: 7))
            #expect(await harness.simulator.charges().count == 1)
        }
    }

    @Test("of eight concurrent transfers with one reference exactly one is accepted and holds money once")
    func concurrentTransfers() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let before = await harness.simulator.balance(in: .UGX).available
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await client.transfer(amount: "1000", reference: "RACE-T").status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200] + Array(repeating: 400, count: 7))
            #expect(await harness.simulator.transfers().count == 1)
            #expect(await harness.simulator.balance(in: .UGX).available == before - 1_000)
        }
    }

    @Test("a tx_ref used by a 500 (nothing recorded) can be used again; one used by a 503 (recorded) cannot")
    func failedRequestsAndTheirReferences() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let serverError = try await client.chargeMobileMoney(txRef: "AFTER-500", phone: "256700000006")
            #expect(serverError.status == .internalServerError)
            #expect(try await client.chargeMobileMoney(txRef: "AFTER-500").status == .ok)

            let timedOut = try await client.chargeMobileMoney(txRef: "AFTER-503", phone: "256700000005")
            #expect(timedOut.status == .serviceUnavailable)
            let retry = try await client.chargeMobileMoney(txRef: "AFTER-503")
            #expect(retry.status == .badRequest)
            #expect(try await client.finalCharge(txRef: "AFTER-503").data?["status"] as? String == "successful")
        }
    }
}
