import Foundation
import Testing
@testable import Simulators

/// One row of the scenario table and what a client must observe.
struct FlutterwaveScenarioExpectation: Sendable, CustomTestStringConvertible {
    /// A phone number (mobile money) or a card token.
    let input: String
    let postStatus: Int
    let postMessage: String
    /// The verified status once settled; `nil` when nothing is recorded.
    let finalStatus: String?
    let processorResponse: String?
    /// `data.status` of each webhook, in order.
    let webhooks: [String]
    /// The least time the POST takes to answer.
    var minimumAnswerTime: Duration = .zero

    var testDescription: String { "\(input) → \(postStatus) \(finalStatus ?? "not recorded")" }

    static let timeout = "An error occurred. Please contact support"
    static let serverError = "Application error. Please contact support"

    static let mobileMoney: [FlutterwaveScenarioExpectation] = [
        .init(input: "256772123456", postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"]),
        .init(input: "256121212121", postStatus: 200, postMessage: "Charge initiated", finalStatus: "failed",
              processorResponse: "Mocked a Failed Transaction", webhooks: ["failed"]),
        .init(input: "233010101011", postStatus: 200, postMessage: "Charge initiated", finalStatus: "failed",
              processorResponse: "Mocked a Failed Transaction", webhooks: ["failed"]),
        .init(input: "256700000001", postStatus: 200, postMessage: "Charge initiated", finalStatus: "failed",
              processorResponse: "Insufficient Funds", webhooks: ["failed"]),
        .init(input: "0700000002", postStatus: 200, postMessage: "Charge initiated", finalStatus: "failed",
              processorResponse: "Transaction declined by customer", webhooks: ["failed"]),
        .init(input: "256700000003", postStatus: 200, postMessage: "Charge initiated", finalStatus: "pending",
              processorResponse: "Transaction in progress", webhooks: []),
        .init(input: "256700000004", postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"], minimumAnswerTime: .milliseconds(200)),
        .init(input: "+256700000005", postStatus: 503, postMessage: timeout, finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"], minimumAnswerTime: .milliseconds(250)),
        .init(input: "256700000006", postStatus: 500, postMessage: serverError, finalStatus: nil, processorResponse: nil, webhooks: []),
        .init(input: "256700000007", postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: []),
        .init(input: "256700000008", postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful", "successful"]),
    ]

    static func token(_ card: String) -> String { "flw-t1nf-\(card)-m03k" }

    static let cards: [FlutterwaveScenarioExpectation] = [
        .init(input: token("5531886652142950"), postStatus: 200, postMessage: "Charge successful", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"]),
        .init(input: token("5061460166976054667"), postStatus: 200, postMessage: "Charge successful", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"]),
        .init(input: token("4187427415564246"), postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"]),
        .init(input: token("5438898014560229"), postStatus: 200, postMessage: "Charge initiated", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"]),
        .init(input: token("5258585922666506"), postStatus: 400, postMessage: "Insufficient Funds", finalStatus: "failed",
              processorResponse: "Insufficient Funds", webhooks: ["failed"]),
        .init(input: token("5143010522339965"), postStatus: 400, postMessage: "Do Not Honour", finalStatus: "failed",
              processorResponse: "Do Not Honour", webhooks: ["failed"]),
        .init(input: token("5590131743294314"), postStatus: 400, postMessage: "Transaction has been flagged as fraudulent",
              finalStatus: "failed", processorResponse: "Transaction has been flagged as fraudulent", webhooks: ["failed"]),
        .init(input: token("5399834697894723"), postStatus: 400, postMessage: "Incorrect PIN", finalStatus: "failed",
              processorResponse: "Incorrect PIN", webhooks: ["failed"]),
        .init(input: token("sim-pending"), postStatus: 200, postMessage: "Charge initiated", finalStatus: "pending",
              processorResponse: "Pending validation", webhooks: []),
        .init(input: token("sim-slow"), postStatus: 200, postMessage: "Charge successful", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"], minimumAnswerTime: .milliseconds(200)),
        .init(input: token("sim-timeout"), postStatus: 503, postMessage: timeout, finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful"], minimumAnswerTime: .milliseconds(250)),
        .init(input: token("sim-500"), postStatus: 500, postMessage: serverError, finalStatus: nil, processorResponse: nil, webhooks: []),
        .init(input: token("sim-nowebhook"), postStatus: 200, postMessage: "Charge successful", finalStatus: "successful",
              processorResponse: "Approved", webhooks: []),
        .init(input: token("sim-doublewebhook"), postStatus: 200, postMessage: "Charge successful", finalStatus: "successful",
              processorResponse: "Approved", webhooks: ["successful", "successful"]),
        .init(input: token("0a1b2c3d4e5f60718293a4b5c6d7e8f9"), postStatus: 200, postMessage: "Charge successful",
              finalStatus: "successful", processorResponse: "Approved", webhooks: ["successful"]),
    ]
}

@Suite("Flutterwave simulator: the scenario table")
struct FlutterwaveScenarioTests {
    @Test("mobile-money scenarios by phone number", arguments: FlutterwaveScenarioExpectation.mobileMoney)
    func mobileMoney(_ expected: FlutterwaveScenarioExpectation) async throws {
        try await Self.run(expected) { client, txRef in
            try await client.chargeMobileMoney(txRef: txRef, phone: expected.input)
        }
    }

    @Test("card scenarios by token", arguments: FlutterwaveScenarioExpectation.cards)
    func card(_ expected: FlutterwaveScenarioExpectation) async throws {
        try await Self.run(expected) { client, txRef in
            try await client.chargeToken(expected.input, txRef: txRef)
        }
    }

    static func run(
        _ expected: FlutterwaveScenarioExpectation,
        charge: @escaping @Sendable (FlutterwaveTestClient, String) async throws -> FlutterwaveAnswer
    ) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let txRef = "SC-\(UUID().uuidString)"
            let started = ContinuousClock.now
            let answer = try await charge(client, txRef)
            #expect(ContinuousClock.now - started >= expected.minimumAnswerTime)
            #expect(answer.status.code == expected.postStatus)
            #expect(answer.message == expected.postMessage)

            let final = try await client.finalCharge(txRef: txRef, timeout: .milliseconds(300))
            if let status = expected.finalStatus {
                #expect(final.data?["status"] as? String == status)
                #expect(final.data?["processor_response"] as? String == expected.processorResponse)
            } else {
                #expect(final.status == .badRequest)
                #expect(final.message == "No transaction was found for this id")
            }

            let received = await harness.receiver.waitFor(expected.webhooks.count)
            try await Task.sleep(for: .milliseconds(60))
            #expect(await harness.receiver.requests.count == expected.webhooks.count)
            let statuses = try received.map { request in
                let event = try JSONSerialization.jsonObject(with: try #require(request.body)) as? [String: Any]
                return (event?["data"] as? [String: Any])?["status"] as? String
            }
            #expect(statuses == expected.webhooks)
            #expect(await harness.simulator.charge(txRef: txRef)?.status.rawValue == expected.finalStatus)
        }
    }

    @Test("the tables map inputs to scenarios and back")
    func tables() {
        #expect(FlutterwaveScenario(number: "256772123456") == .succeed)
        #expect(FlutterwaveScenario(number: "+233121212121") == .fail(.mockedFailure))
        #expect(FlutterwaveScenario.number(for: .timeOut, countryCode: "250") == "250700000005")
        #expect(FlutterwaveScenario.number(for: .succeed) == nil)
        #expect(FlutterwaveTestCard.token(for: .fail(.insufficientFunds)) == "flw-t1nf-5258585922666506-m03k")
        #expect(FlutterwaveTestCard.card(forToken: "flw-t1nf-5258585922666506-m03k")?.last4Digits == "6506")
        #expect(FlutterwaveTestCard.card(forToken: "tok_visa") == nil)
    }
}
