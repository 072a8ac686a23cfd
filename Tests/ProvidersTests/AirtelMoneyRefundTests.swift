import Foundation
import Hub
import Testing
@testable import Providers

/// Full refunds of collections, against canned documentation answers over loopback HTTP.
@Suite struct AirtelMoneyRefundTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    static func request(airtelMoneyID: String? = "CI2306011618") -> RefundRequest {
        RefundRequest(paymentID: .generate(), reference: "9a7c3e1f-2b4d-4c6e-8f0a-1b2c3d4e5f60", originalReference: Support.reference,
                      originalProviderTransactionID: airtelMoneyID, amount: Support.ugx(1000))
    }

    @Test(arguments: [(AirtelMoneyConfiguration.APIVersion.v1, "/standard/v1/payments/refund"), (.v2, "/standard/v2/payments/refund")])
    func aRefundNamesTheCollectionsAirtelMoneyID(version: AirtelMoneyConfiguration.APIVersion, target: String) async throws {
        try await Server.run(Server.answering(200, "refund_successful.json")) { server in
            let result = try await Support.provider(server, version: version).refund(Self.request(), context: server.context())
            #expect(result == .succeeded(providerTransactionID: "CI2306011629"), "the refund's own id; `success: false` beside SUCCESS is the doc's sample")
            let call = try #require(server.calls.only)
            #expect(call.method == "POST")
            #expect(call.target == target)
            #expect(call.body == (try Fixtures.data("airtel-money/refund_request.json")).trimmedFixture)
            #expect(call.header("X-Country") == "UG")
            #expect((call.header("x-signature") != nil) == (version == .v2))
            if version == .v2 { #expect(Support.signedBody(call) == call.body) }
        }
    }

    @Test func anUnknownAirtelMoneyIDIsAskedForFirst() async throws {
        let script = Server.withToken { exchange in
            exchange.method == "GET" ? .fixture(200, "enquiry_successful.json") : .fixture(200, "refund_successful.json")
        }
        try await Server.run(script) { server in
            _ = try await Support.provider(server).refund(Self.request(airtelMoneyID: nil), context: server.context())
            #expect(server.calls.map(\.target) == ["/standard/v1/payments/\(Support.reference)", "/standard/v2/payments/refund"])
            #expect((server.calls.last?.json?["transaction"] as? [String: String])?["airtel_money_id"] == "C3648202667")
        }
    }

    @Test func aCollectionWithoutAnAirtelMoneyIDCannotBeRefunded() async throws {
        try await Server.run(Server.answering(200, "enquiry_in-progress.json")) { server in
            await #expect { _ = try await Support.provider(server).refund(Self.request(airtelMoneyID: nil), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .notSent }
            #expect(server.calls.allSatisfy { $0.method == "GET" })
        }
    }

    @Test(arguments: [
        (200, #"{"data":{"transaction":{"airtel_money_id":"CI9","status":"TF"}},"status":{"response_code":"DP00800001008","success":false}}"#,
         ProviderResult?.some(.failed(PaymentFailure(reason: .declined, providerCode: "DP00800001008", message: "the transaction was refused"))),
         ProviderError.Kind?.none),
        (400, #"{"status":{"code":"400","message":"Transaction already refunded","success":false}}"#,
         .failed(PaymentFailure(reason: .invalidRequest, providerCode: "HTTP 400", message: "the provider refused the request as invalid")), nil),
        (200, #"{"data":{"transaction":{"status":"TIP"}},"status":{"success":true}}"#, .pending(providerTransactionID: nil), nil),
        (500, #"{"data":{"transaction":{"status":"SUCCESS"}}}"#, nil, .ambiguous),
        (200, "{}", nil, .ambiguous),
        (403, #"{"status":{"response_code":"DP00800001026","success":false}}"#, nil, .notSent),
    ])
    func refundAnswersAreClassified(status: Int, body: String, expected: ProviderResult?, kind: ProviderError.Kind?) async throws {
        try await Server.run(Server.withToken { _ in .json(status, body) }) { server in
            do {
                let result = try await Support.provider(server).refund(Self.request(), context: server.context())
                #expect(result == expected)
            } catch let error as ProviderError {
                #expect(error.kind == kind, "\(error)")
            }
        }
    }

    @Test func refundsAreNotIdempotentAndTheirStatusIsForAnOperator() async throws {
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        #expect(!provider.refundsAreIdempotent)
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let lookup = RefundLookup(paymentID: .generate(), reference: "9a7c3e1f", providerRefundID: "CI2306011629",
                                  originalReference: Support.reference, originalProviderTransactionID: "CI2306011618")
        do {
            let result = try await provider.refundStatus(of: lookup, context: transport.context())
            Issue.record("Airtel has no refund enquiry: \(result)")
        } catch {
            #expect(error.kind == .ambiguous)
            #expect(error.needsReview)
        }
        #expect(transport.requests.isEmpty)
    }
}

extension Data {
    /// Without the trailing newline a fixture file ends with.
    var trimmedFixture: Data { Data(String(decoding: self, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8) }
}
