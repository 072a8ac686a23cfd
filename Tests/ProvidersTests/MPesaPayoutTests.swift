import Foundation
import Hub
import Testing
@testable import Providers

/// B2C v3 withdrawals: the request Daraja's sample shows, and the acknowledgement's ConversationID as the pending id.
@Suite struct MPesaPayoutTests {
    typealias Support = MPesaTestSupport

    @Test func aB2CPaymentIsSentAsDocumented() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/b2c/v3/paymentrequest": (200, "b2c_accepted.json")])
        let result = try await Support.with(server) { provider, context in
            try await provider.payout(Support.payoutRequest(Support.kes(150_000)), context: context)
        }
        #expect(result == .pending(providerTransactionID: "AG_20240706_20106e9209f64bebd05b"))
        let call = try #require(server.calls.first)
        #expect(call.method == "POST")
        #expect(call.target == "/mpesa/b2c/v3/paymentrequest")
        #expect(call.header("Authorization") == "Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF")
        let body = try #require(call.json)
        #expect(body["OriginatorConversationID"] as? String == Support.reference)
        #expect(body["InitiatorName"] as? String == "testapi")
        #expect(body["SecurityCredential"] as? String == Support.securityCredential, "sent as the portal produced it")
        #expect(body["CommandID"] as? String == "BusinessPayment")
        #expect(body["Amount"] as? Int == 1500)
        #expect(body["PartyA"] as? String == "600992")
        #expect(body["PartyB"] as? String == "254708374149")
        #expect(body["Remarks"] as? String == "Miliano withdrawal")
        #expect(body["QueueTimeOutURL"] as? String == Support.callbackURL)
        #expect(body["ResultURL"] as? String == Support.callbackURL)
        #expect(body["Occassion"] as? String == Support.reference, "the v3 sample's spelling")
        #expect(body["Occasion"] == nil)
    }

    @Test func aDuplicateOriginatorConversationIDMeansTheFirstArrived() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/b2c/v3/paymentrequest": (500, "b2c_duplicate.json")])
        var request = Support.payoutRequest()
        request.isResend = true
        let result = try await Support.with(server) { provider, context in try await provider.payout(request, context: context) }
        #expect(result == .pending(providerTransactionID: nil))
        #expect(server.calls.count == 1)
    }

    @Test func aNonZeroResponseCodeKeepsItsCode() async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json"))
                : .answer(200, Data(#"{"ConversationID":"","OriginatorConversationID":"x","ResponseCode":"2001"}"#.utf8))
        }
        let result = try await Support.with(server) { provider, context in try await provider.payout(Support.payoutRequest(), context: context) }
        guard case .failed(let failure) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(failure.providerCode == "2001")
    }

    @Test(arguments: [(400, "stkpush_invalid-shortcode.json", ProviderError.Kind?.none), (500, "stkpush_server-error.json", .ambiguous),
                      (503, "stkpush_server-error.json", .ambiguous), (429, "stkpush_spike-arrest.json", .notSent)])
    func answersAreClassified(status: Int, fixture: String, kind: ProviderError.Kind?) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/b2c/v3/paymentrequest": (status, fixture)])
        let thrown = try await Support.payoutError(server, Support.payoutRequest())
        #expect(thrown == kind)
    }

    @Test func anAcceptedPayoutWithoutConversationIDIsAmbiguous() async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json"))
                : .answer(200, Data(#"{"OriginatorConversationID":"x","ResponseCode":"0"}"#.utf8))
        }
        let kind = try await Support.payoutError(server, Support.payoutRequest())
        #expect(kind == .ambiguous, "without the ConversationID the result could never be believed")
    }

    @Test func aPayoutWithCentsIsNeverSent() async throws {
        let server = try MPesaTestServer(answers: [:])
        let kind = try await Support.payoutError(server, Support.payoutRequest(Support.kes(150_001)))
        #expect(kind == .notSent)
        #expect(server.requests.isEmpty)
    }
}
