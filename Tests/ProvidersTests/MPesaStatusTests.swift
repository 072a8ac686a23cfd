import Foundation
import Hub
import Testing
@testable import Providers

/// Status queries: the STK query of a top-up by its CheckoutRequestID, and Daraja's asynchronous Transaction Status
/// of a withdrawal by its stored ConversationID.
@Suite struct MPesaStatusTests {
    typealias Support = MPesaTestSupport
    static let checkout = "ws_CO_13012021093521236557"

    func topUp(_ id: String? = checkout) -> AttemptLookup {
        AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: id, callbackURL: Support.callbackURL)
    }

    func withdrawal(_ id: String? = "AG_20240706_20106e9209f64bebd05b", callbackURL: String? = Support.callbackURL) -> AttemptLookup {
        AttemptLookup(kind: .withdrawal, reference: Support.reference, providerTransactionID: id, callbackURL: callbackURL)
    }

    @Test func theSTKQueryIsSentAsDocumented() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpushquery/v1/query": (200, "stkquery_successful.json")])
        let result = try await Support.with(server, now: { Support.vectorInstant }) { provider, context in
            try await provider.status(of: topUp(), context: context)
        }
        #expect(result == .succeeded(providerTransactionID: Self.checkout))
        let query = try #require(server.calls.first)
        #expect(query.target == "/mpesa/stkpushquery/v1/query")
        #expect(query.header("Authorization") == "Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF")
        let body = try #require(query.json)
        #expect(body["BusinessShortCode"] as? String == "174379")
        #expect(body["Password"] as? String == Support.vectorPassword)
        #expect(body["Timestamp"] as? String == "20200225181525")
        #expect(body["CheckoutRequestID"] as? String == Self.checkout)
    }

    @Test(arguments: [
        (200, "stkquery_successful.json", ProviderResult.succeeded(providerTransactionID: checkout)),
        (200, "stkquery_cancelled.json",
         .failed(PaymentFailure(reason: .cancelled, providerCode: "1032", message: "the payer cancelled the prompt"))),
        (500, "stkquery_being-processed.json", .pending(providerTransactionID: checkout)),
        (400, "stkquery_being-processed.json", .pending(providerTransactionID: checkout)),
    ])
    func stkQueryAnswersMap(status: Int, fixture: String, expected: ProviderResult) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpushquery/v1/query": (status, fixture)])
        let result = try await Support.with(server) { provider, context in try await provider.status(of: topUp(), context: context) }
        #expect(result == expected)
    }

    @Test(arguments: [#"{"ResponseCode":"0","CheckoutRequestID":"x","ResultCode":"1036","ResultDesc":"SMSC ACK timeout."}"#,
                      #"{"ResponseCode":"0","CheckoutRequestID":"x","ResultCode":1036}"#,
                      #"{"ResponseCode":"0","CheckoutRequestID":"x"}"#])
    func anUnknownOrMissingResultCodeStaysPending(body: String) async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json")) : .answer(200, Data(body.utf8))
        }
        let result = try await Support.with(server) { provider, context in try await provider.status(of: topUp(), context: context) }
        #expect(result == .pending(providerTransactionID: Self.checkout))
    }

    @Test(arguments: [(500, "stkpush_server-error.json"), (400, "stkpush_invalid-shortcode.json")])
    func aFailedQueryIsInconclusiveNeverAFailure(status: Int, fixture: String) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpushquery/v1/query": (status, fixture)])
        let kind = try await Support.with(server) { provider, context in
            await Support.errorKind { () async throws(ProviderError) in try await provider.status(of: topUp(), context: context) }
        }
        #expect(kind == .ambiguous)
    }

    @Test func aTopUpWithoutCheckoutRequestIDGoesToReview() async throws {
        let server = try MPesaTestServer(answers: [:])
        try await Support.with(server) { provider, context in
            do {
                let result = try await provider.status(of: topUp(nil), context: context)
                Issue.record("nothing can be asked: \(result)")
            } catch let error as ProviderError {
                #expect(error.kind == .ambiguous)
                #expect(error.needsReview)
            }
        }
        #expect(server.requests.isEmpty)
    }

    @Test func theTransactionStatusQueryIsSentAsDocumented() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/transactionstatus/v1/query": (200, "transactionstatus_accepted.json")])
        let result = try await Support.with(server) { provider, context in try await provider.status(of: withdrawal(), context: context) }
        #expect(result == .pending(providerTransactionID: "AG_20240706_20106e9209f64bebd05b"), "the answer comes later, at the ResultURL")
        let query = try #require(server.calls.first)
        #expect(query.target == "/mpesa/transactionstatus/v1/query")
        let body = try #require(query.json)
        #expect(body["CommandID"] as? String == "TransactionStatusQuery")
        #expect(body["Initiator"] as? String == "testapi")
        #expect(body["SecurityCredential"] as? String == Support.securityCredential)
        #expect(body["PartyA"] as? String == "600992")
        #expect(body["IdentifierType"] as? String == "4")
        #expect(body["OriginalConversationID"] as? String == Support.reference, "the Originator Conversation ID of the queried B2C")
        #expect(body["TransactionID"] == nil, "no receipt is known")
        #expect(body["ResultURL"] as? String == Support.callbackURL)
        #expect(body["QueueTimeOutURL"] as? String == Support.callbackURL)
        #expect(body["Occasion"] as? String == Support.reference)
        #expect((body["Remarks"] as? String)?.isEmpty == false)
    }

    @Test func withoutACallbackURLNothingIsSent() async throws {
        let server = try MPesaTestServer(answers: [:])
        let result = try await Support.with(server) { provider, context in
            try await provider.status(of: withdrawal("AG_1", callbackURL: nil), context: context)
        }
        #expect(result == .pending(providerTransactionID: "AG_1"))
        #expect(server.requests.isEmpty)
    }

    /// The acknowledgement was lost (a crash, or a resend answered "Duplicate OriginatorConversationID"): no result
    /// could be believed without its ConversationID, and the first result went unheard. An operator settles it now,
    /// with that cause, instead of a generic "still pending" a day later.
    @Test func withoutAConversationIDTheWithdrawalGoesToReviewAndNothingIsSent() async throws {
        let server = try MPesaTestServer(answers: [:])
        let error = try await Support.with(server) { provider, context in
            do {
                _ = try await provider.status(of: withdrawal(nil, callbackURL: Support.callbackURL), context: context)
                return ProviderError?.none
            } catch let error as ProviderError { return error }
        }
        #expect(error?.needsReview == true)
        #expect(error?.reason.contains("no ConversationID was stored") == true)
        #expect(server.requests.isEmpty)
    }

    @Test(arguments: [(400, "transactionstatus_bad-request.json"), (500, "stkpush_server-error.json")])
    func aRefusedTransactionStatusQueryIsInconclusive(status: Int, fixture: String) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/transactionstatus/v1/query": (status, fixture)])
        let kind = try await Support.with(server) { provider, context in
            await Support.errorKind { () async throws(ProviderError) in try await provider.status(of: withdrawal(), context: context) }
        }
        #expect(kind == .ambiguous)
    }
}
