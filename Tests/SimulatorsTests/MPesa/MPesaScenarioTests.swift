import Foundation
import Testing
@testable import Simulators

/// One line of the STK scenario table and what a client observes.
struct MPesaSTKExpectation: Sendable, CustomTestStringConvertible {
    let phone: String
    let postStatus: Int
    /// The STK query's final `ResultCode`; `nil` when the push stays pending, `"unknown"` when nothing is recorded.
    let queryResult: String?
    /// The `ResultCode` of each callback, in order.
    let callbacks: [Int]
    var slow = false

    var testDescription: String { "\(phone) → \(postStatus), \(queryResult ?? "pending"), callbacks \(callbacks)" }

    static let all: [MPesaSTKExpectation] = [
        .init(phone: "254708374149", postStatus: 200, queryResult: "0", callbacks: [0]),
        .init(phone: "254712345678", postStatus: 200, queryResult: "0", callbacks: [0]),
        .init(phone: "254700001032", postStatus: 200, queryResult: "1032", callbacks: [1032]),
        .init(phone: "254700001037", postStatus: 200, queryResult: "1037", callbacks: [1037]),
        .init(phone: "254700000001", postStatus: 200, queryResult: "1", callbacks: [1]),
        .init(phone: "254700002001", postStatus: 200, queryResult: "2001", callbacks: [2001]),
        .init(phone: "254700001019", postStatus: 200, queryResult: "1019", callbacks: [1019]),
        .init(phone: "254700001031", postStatus: 200, queryResult: "1031", callbacks: [1031]),
        .init(phone: "254700001025", postStatus: 200, queryResult: "1025", callbacks: [1025]),
        .init(phone: "254700009001", postStatus: 200, queryResult: nil, callbacks: []),
        .init(phone: "254700009002", postStatus: 200, queryResult: "0", callbacks: []),
        .init(phone: "254700009003", postStatus: 200, queryResult: "0", callbacks: [0, 0]),
        .init(phone: "254700009004", postStatus: 500, queryResult: "unknown", callbacks: []),
        .init(phone: "254700009005", postStatus: 500, queryResult: "0", callbacks: [0]),
        .init(phone: "254700009006", postStatus: 200, queryResult: "0", callbacks: [0], slow: true),
    ]
}

/// One line of the B2C scenario table.
struct MPesaB2CExpectation: Sendable, CustomTestStringConvertible {
    let partyB: String
    let postStatus: Int
    /// The payment's final `ResultCode` in the simulator's truth; `nil` when nothing is recorded.
    let result: Int?
    /// The notifications, in order: `result <code>` or `timeout`.
    let notifications: [String]

    var testDescription: String { "\(partyB) → \(postStatus), \(result.map(String.init) ?? "not recorded"), \(notifications)" }

    static let all: [MPesaB2CExpectation] = [
        .init(partyB: "254708374149", postStatus: 200, result: 0, notifications: ["result 0"]),
        .init(partyB: "254700012001", postStatus: 200, result: 2001, notifications: ["result 2001"]),
        .init(partyB: "254700010001", postStatus: 200, result: 1, notifications: ["result 1"]),
        .init(partyB: "254700010002", postStatus: 200, result: 2, notifications: ["result 2"]),
        .init(partyB: "254700012040", postStatus: 200, result: 2040, notifications: ["result 2040"]),
        .init(partyB: "254700018006", postStatus: 200, result: 8006, notifications: ["result 8006"]),
        .init(partyB: "254700019001", postStatus: 200, result: 0, notifications: ["timeout"]),
        .init(partyB: "254700019002", postStatus: 200, result: 0, notifications: []),
        .init(partyB: "254700019003", postStatus: 500, result: nil, notifications: []),
        .init(partyB: "254700019004", postStatus: 200, result: 0, notifications: ["result 0", "result 0"]),
    ]
}

@Suite("M-Pesa simulator: the scenario tables")
struct MPesaScenarioTests {
    @Test(arguments: MPesaSTKExpectation.all)
    func stkScenario(_ expected: MPesaSTKExpectation) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            let started = ContinuousClock.now
            let answer = try await client.stkPush(MPesaSTKCall(phone: expected.phone), token: token)
            #expect(answer.status.code == expected.postStatus)
            if expected.slow { #expect(ContinuousClock.now - started >= .milliseconds(300)) }
            if expected.postStatus == 500 { #expect(answer.errorCode == "500.003.1001") }

            let pushes = await harness.simulator.pushes()
            if expected.queryResult == "unknown" {
                #expect(pushes.isEmpty)
            } else {
                let checkout = try #require(pushes.first?.checkoutRequestID)
                let final = try await client.finalQuery(checkout, token: token, timeout: .milliseconds(400))
                if let code = expected.queryResult {
                    #expect(final["ResultCode"] == code)
                } else {
                    #expect(final.errorMessage == "The transaction is being processed")
                }
            }
            _ = await harness.recorder.waitFor(expected.callbacks.count)
            try await Task.sleep(for: .milliseconds(60))
            let codes = await harness.recorder.bodies(to: MPesaTestHarness.callbackURL).compactMap { body -> Int? in
                let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
                return ((json?["Body"] as? [String: Any])?["stkCallback"] as? [String: Any])?["ResultCode"] as? Int
            }
            #expect(codes == expected.callbacks)
        }
    }

    @Test(arguments: MPesaB2CExpectation.all)
    func b2cScenario(_ expected: MPesaB2CExpectation) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let answer = try await client.b2c(MPesaB2CCall(partyB: expected.partyB), token: try await client.token())
            #expect(answer.status.code == expected.postStatus)
            _ = await harness.recorder.waitFor(expected.notifications.count)
            try await Task.sleep(for: .milliseconds(80))
            let payments = await harness.simulator.payments()
            #expect(payments.first?.result?.code == expected.result)
            let seen = await harness.recorder.requests.map { request -> String in
                if request.url == MPesaTestHarness.timeoutURL { return "timeout" }
                let json = request.body.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
                return "result \((json?["Result"] as? [String: Any])?["ResultCode"] as? Int ?? -1)"
            }
            #expect(seen == expected.notifications)
        }
    }

    @Test("the tables map numbers to scenarios and back")
    func tables() {
        #expect(MPesaSTKScenario(phoneNumber: "254708374149") == .succeed)
        #expect(MPesaSTKScenario(phoneNumber: "254700001032") == .fail(.cancelledByUser))
        #expect(MPesaSTKScenario.phoneNumber(for: .pendingForever) == "254700009001")
        #expect(MPesaSTKScenario.phoneNumber(for: .succeed) == nil)
        #expect(MPesaB2CScenario(partyB: "254700012040") == .fail(.unregisteredCustomer))
        #expect(MPesaB2CScenario.partyB(for: .queueTimeout) == "254700019001")
        // The two tables are independent: an STK failure number pays out like any other.
        #expect(MPesaB2CScenario(partyB: "254700001032") == .succeed)
    }
}
