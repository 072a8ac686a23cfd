import Foundation
import Hub
import Testing
@testable import Providers

/// Enquiries of collections and disbursements, from canned documentation answers over loopback HTTP.
@Suite struct AirtelMoneyStatusTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    static func lookup(_ kind: PaymentKind, sentAgo: TimeInterval = 5) -> AttemptLookup {
        let now = Date()
        return AttemptLookup(kind: kind, reference: Support.reference, providerTransactionID: nil, createdAt: now - 3600, sentAt: now - sentAgo)
    }

    @Test(arguments: [
        ("enquiry_successful.json", ProviderResult.succeeded(providerTransactionID: "C3648202667")),
        ("enquiry_failed.json", .failed(PaymentFailure(reason: .notApproved, providerCode: "DP00800001005", message: "the payer did not enter the PIN"))),
        ("enquiry_in-progress.json", .pending(providerTransactionID: nil)),
        ("enquiry_ambiguous.json", .pending(providerTransactionID: nil)),
        ("enquiry_expired.json", .failed(PaymentFailure(reason: .expired, providerCode: "DP00800001029", message: "the transaction expired"))),
    ])
    func collectionEnquiriesMap(fixture: String, expected: ProviderResult) async throws {
        try await Server.run(Server.answering(200, fixture)) { server in
            let result = try await Support.provider(server).status(of: Self.lookup(.topUp), context: server.context())
            #expect(result == expected)
            let call = try #require(server.calls.only)
            #expect(call.method == "GET")
            #expect(call.target == "/standard/v1/payments/\(Support.reference)")
            #expect(call.header("X-Country") == "UG")
            #expect(call.header("X-Currency") == "UGX")
            #expect(call.body.isEmpty)
            #expect(call.header("x-signature") == nil)
        }
    }

    /// A status beside a response code that says nothing about a failure keeps the status as the code.
    @Test(arguments: [
        (#"{"data":{"transaction":{"id":"x","status":"TF"}},"status":{"response_code":"DP00800001006","success":false}}"#,
         ProviderResult.failed(PaymentFailure(reason: .declined, providerCode: "TF", message: "the provider reported the payment failed"))),
        (#"{"data":{"transaction":{"id":"x","status":"TE"}},"status":{"success":false}}"#,
         .failed(PaymentFailure(reason: .expired, providerCode: "TE", message: "the payer did not approve in time"))),
        (#"{"data":{"transaction":{"id":"x","status":"TF"}},"status":{"response_code":"DP00800001099","success":false}}"#,
         .failed(PaymentFailure(reason: .declined, providerCode: "DP00800001099", message: "the provider reported the payment failed"))),
        (#"{"data":{"transaction":{"id":"x","status":"TF"}},"status":{"response_code":"DP00800001007","success":false}}"#,
         .failed(PaymentFailure(reason: .insufficientFunds, providerCode: "DP00800001007", message: "not enough balance"))),
        (#"{"status":{"response_code":"DP00800001007","code":"200","success":false}}"#,
         .failed(PaymentFailure(reason: .insufficientFunds, providerCode: "DP00800001007", message: "not enough balance"))),
        (#"{"status":{"response_code":"DP00800001001","code":"200","success":true}}"#, .succeeded(providerTransactionID: nil)),
        (#"{"status":{"response_code":"DP00800001024","code":"200","success":false}}"#, .pending(providerTransactionID: nil)),
    ])
    func statusWinsAndCodesExplain(body: String, expected: ProviderResult) async throws {
        try await Server.run(Server.withToken { _ in .json(200, body) }) { server in
            let result = try await Support.provider(server).status(of: Self.lookup(.topUp), context: server.context())
            #expect(result == expected)
        }
    }

    @Test(arguments: [500, 502, 503, 408])
    func serverErrorsAreAmbiguous(status: Int) async throws {
        try await Server.run(Server.answering(status, "enquiry_failed.json")) { server in
            await #expect { _ = try await Support.provider(server).status(of: Self.lookup(.topUp), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .ambiguous }
        }
    }

    @Test func anUnreadableAnswerIsAmbiguous() async throws {
        try await Server.run(Server.withToken { _ in .json(200, "<html>gateway</html>") }) { server in
            await #expect { _ = try await Support.provider(server).status(of: Self.lookup(.withdrawal), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .ambiguous }
        }
    }

    @Test(arguments: [(PaymentKind.topUp, "enquiry_not-found.json", 200), (.topUp, "token_invalid-client.json", 404),
                      (.withdrawal, "disbursement-enquiry_not-found.json", 200)])
    func notFoundSoonAfterSendingIsPending(kind: PaymentKind, fixture: String, status: Int) async throws {
        try await Server.run(Server.answering(status, fixture)) { server in
            let result = try await Support.provider(server).status(of: Self.lookup(kind, sentAgo: 5), context: server.context())
            #expect(result == .pending(providerTransactionID: nil))
        }
    }

    @Test func aCollectionUnknownLongAfterFails() async throws {
        try await Server.run(Server.answering(200, "enquiry_not-found.json")) { server in
            let result = try await Support.provider(server).status(of: Self.lookup(.topUp, sentAgo: 3600), context: server.context())
            #expect(result == .failed(PaymentFailure(reason: .providerError, providerCode: "DP00800001025",
                                                     message: "the provider has no record of the payment")))
        }
    }

    @Test func aDisbursementUnknownLongAfterGoesToReviewNeverToFailure() async throws {
        try await Server.run(Server.answering(200, "disbursement-enquiry_not-found.json")) { server in
            do {
                let result = try await Support.provider(server).status(of: Self.lookup(.withdrawal, sentAgo: 3600), context: server.context())
                Issue.record("a payout must never fail on a not-found: \(result)")
            } catch let error as ProviderError {
                #expect(error.kind == .ambiguous)
                #expect(error.needsReview)
            }
        }
    }

    @Test func anAttemptWithoutASendTimeIsNeverFailedForBeingUnknown() async throws {
        try await Server.run(Server.answering(200, "enquiry_not-found.json")) { server in
            let lookup = AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil)
            let result = try await Support.provider(server).status(of: lookup, context: server.context())
            #expect(result == .pending(providerTransactionID: nil))
        }
    }

    @Test(arguments: [(AirtelMoneyConfiguration.APIVersion.v1, "/standard/v1/disbursements/\(AirtelMoneyTestSupport.reference)"),
                      (.v2, "/standard/v2/disbursements/\(AirtelMoneyTestSupport.reference)?transactionType=B2C")])
    func disbursementEnquiriesUseTheirVersionsPath(version: AirtelMoneyConfiguration.APIVersion, target: String) async throws {
        try await Server.run(Server.answering(200, "disbursement-enquiry_successful.json")) { server in
            let result = try await Support.provider(server, version: version).status(of: Self.lookup(.withdrawal), context: server.context())
            #expect(result == .succeeded(providerTransactionID: "product-partner-**41"))
            #expect(server.calls.only?.target == target)
        }
    }

    /// A v2 disbursement enquiry may carry only the response code (the production client reads nothing else).
    @Test(arguments: [
        ("DP00900001001", ProviderResult.succeeded(providerTransactionID: nil)),
        ("DP00900001006", .pending(providerTransactionID: nil)),
        ("DP00900001000", .pending(providerTransactionID: nil)),
        ("DP00900001013", .failed(PaymentFailure(reason: .declined, providerCode: "DP00900001013", message: "the transaction was refused"))),
    ])
    func aDisbursementEnquiryWithOnlyACodeIsReadByIt(code: String, expected: ProviderResult) async throws {
        let body = #"{"status":{"response_code":"\#(code)","code":"200","message":"x","success":true}}"#
        try await Server.run(Server.withToken { _ in .json(200, body) }) { server in
            let result = try await Support.provider(server).status(of: Self.lookup(.withdrawal), context: server.context())
            #expect(result == expected)
        }
    }
}
