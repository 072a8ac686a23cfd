import Foundation
import Hub
import HubTesting
import Testing
@testable import Providers

/// STK push top-ups: what the adapter sends Daraja over real HTTP, and how it reads each documented answer.
@Suite struct MPesaCollectionTests {
    typealias Support = MPesaTestSupport

    @Test func thePasswordIsTheOfficialVector() {
        #expect(MPesaPassword.password(shortcode: Support.shortcode, passkey: Support.passkey, timestamp: "20200225181525")
                == Support.vectorPassword)
        #expect(MPesaPassword.timestamp(Support.vectorInstant) == "20200225181525", "Kenya time, UTC+3")
        #expect(MPesaPassword.timestamp(Date(timeIntervalSince1970: 1_704_067_199)) == "20240101025959",
                "23:59:59 UTC is the next day in Nairobi")
    }

    @Test func anSTKPushIsSentAsDocumented() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json")])
        let result = try await Support.with(server, now: { Support.vectorInstant }) { provider, context in
            try await provider.collect(Support.collectRequest(Support.kes(15_000)), context: context)
        }
        #expect(result == .pending(providerTransactionID: "ws_CO_1007202409152617172396192"))
        let push = try #require(server.calls.first)
        #expect(server.calls.count == 1)
        #expect(push.method == "POST")
        #expect(push.target == "/mpesa/stkpush/v1/processrequest")
        #expect(push.header("Authorization") == "Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF")
        #expect(push.header("Content-Type") == "application/json")
        let body = try #require(push.json)
        #expect(body["BusinessShortCode"] as? String == "174379")
        #expect(body["Password"] as? String == Support.vectorPassword)
        #expect(body["Timestamp"] as? String == "20200225181525")
        #expect(body["TransactionType"] as? String == "CustomerPayBillOnline")
        #expect(body["PartyA"] as? String == "254708374149")
        #expect(body["PhoneNumber"] as? String == "254708374149")
        #expect(body["PartyB"] as? String == "174379")
        #expect(body["CallBackURL"] as? String == Support.callbackURL)
        #expect(body["AccountReference"] as? String == "7D1C9E2A4B6F")
        #expect(body["TransactionDesc"] as? String == "Miliano")
        let text = String(decoding: push.body, as: UTF8.self)
        #expect(text.contains(#""Amount":150,"#) || text.hasSuffix(#""Amount":150}"#), "whole shillings as a JSON integer: \(text)")
    }

    @Test(arguments: [(Int64(100), 1), (15_000, 150), (25_000_000, 250_000)])
    func amountsAreWholeShillings(minorUnits: Int64, shillings: Int) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json")])
        _ = try await Support.with(server) { provider, context in
            try await provider.collect(Support.collectRequest(Support.kes(minorUnits)), context: context)
        }
        #expect(server.calls.first?.json?["Amount"] as? Int == shillings)
    }

    @Test func aBuyGoodsPushNamesTheTill() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json")])
        defer { server.stop() }
        var configuration = Support.configuration(server.baseURL)
        configuration.transactionType = .buyGoods
        configuration.tillNumber = "5060708"
        let provider = MPesaProvider(configuration: configuration)
        _ = try await withCurlTransport { transport in
            try await provider.collect(Support.collectRequest(), context: ProviderContext(transport: transport, logger: .init(label: "t")))
        }
        let body = try #require(server.calls.first?.json)
        #expect(body["TransactionType"] as? String == "CustomerBuyGoodsOnline")
        #expect(body["BusinessShortCode"] as? String == "174379")
        #expect(body["PartyB"] as? String == "5060708")
    }

    @Test func aKESAmountWithCentsIsRefusedAtRoutingAndNeverSent() async throws {
        let provider = MPesaProvider(configuration: Support.configuration("http://127.0.0.1:9"))
        #expect(provider.capabilities.granularity == [.KES: 100])
        let refusal = provider.capabilities.refusal(operation: .collect, method: .mobileMoney, amount: Support.kes(15_050))
        #expect(refusal?.contains("whole units of KES") == true)
        #expect(provider.capabilities.refusal(operation: .collect, method: .mobileMoney, amount: Support.kes(15_000)) == nil)
        let server = try MPesaTestServer(answers: [:])
        let kind = try await Support.collectError(server, Support.collectRequest(Support.kes(15_050)))
        #expect(kind == .notSent)
        #expect(server.requests.isEmpty, "nothing is sent, not even a token request")
    }

    @Test(arguments: ["+250788123456", "+254208374149", "+25470837414"])
    func aNumberThatIsNoKenyanMobileIsNotSent(number: String) async throws {
        let server = try MPesaTestServer(answers: [:])
        let kind = try await Support.with(server) { provider, context in
            await Support.errorKind { () async throws(ProviderError) in
                try await provider.collect(Support.collectRequest(payer: try! MSISDN(number)), context: context)
            }
        }
        #expect(kind == .notSent)
        #expect(server.requests.isEmpty)
    }

    @Test func withoutACallbackURLNothingIsSent() async throws {
        let server = try MPesaTestServer(answers: [:])
        let kind = try await Support.collectError(server, Support.collectRequest(callbackURL: nil))
        #expect(kind == .notSent)
        #expect(server.requests.isEmpty)
    }

    @Test func aDocumented400IsADefiniteFailureKeepingItsCode() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (400, "stkpush_invalid-shortcode.json")])
        let result = try await Support.collect(server, Support.collectRequest())
        #expect(result == .failed(PaymentFailure(reason: .invalidRequest, providerCode: "400.002.02",
                                                 message: "M-Pesa refused the request as invalid")))
    }

    @Test func aNonZeroResponseCodeIsADefiniteFailure() async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate"
                ? .answer(200, try! MPesaFixture.data("token_ok.json"))
                : .answer(200, Data(#"{"MerchantRequestID":"1-2-3","CheckoutRequestID":"ws_CO_1","ResponseCode":"1"}"#.utf8))
        }
        let result = try await Support.collect(server, Support.collectRequest())
        #expect(result == .failed(PaymentFailure(reason: .providerError, providerCode: "1", message: "M-Pesa did not accept the prompt")))
    }

    /// Every 5xx is ambiguous, the documented `500.001.1001` refusals included: one code covers refusals and "being
    /// processed", and a push that may have reached the phone must never be failed over.
    @Test(arguments: [(500, "stkpush_wrong-credentials.json"), (500, "stkpush_spike-arrest.json"), (500, "stkpush_server-error.json"),
                      (503, "stkpush_server-error.json")])
    func serverErrorsAreAmbiguous(status: Int, fixture: String) async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (status, fixture)])
        let kind = try await Support.collectError(server, Support.collectRequest())
        #expect(kind == .ambiguous)
    }

    @Test(arguments: [403, 404, 405, 429])
    func refusalsBeforeProcessingAreNotSent(status: Int) async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json")) : .answer(status, Data("{}".utf8))
        }
        let kind = try await Support.collectError(server, Support.collectRequest())
        #expect(kind == .notSent)
    }

    @Test(arguments: [MPesaTestServer.Reply.hang, .hangUp])
    func aLostAnswerIsAmbiguous(reply: MPesaTestServer.Reply) async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json")) : reply
        }
        let kind = try await Support.with(server, timeout: .seconds(1)) { provider, context in
            await Support.errorKind { () async throws(ProviderError) in try await provider.collect(Support.collectRequest(), context: context) }
        }
        #expect(kind == .ambiguous)
        #expect(server.calls.count == 1, "an ambiguous push is never sent again")
    }

    @Test func aRefusedConnectionIsNotSent() async throws {
        let port = try #require(LoopbackPort.reserve())
        let provider = MPesaProvider(configuration: Support.configuration("http://127.0.0.1:\(port)"))
        let kind = try await withCurlTransport { transport in
            await Support.errorKind { () async throws(ProviderError) in
                try await provider.collect(Support.collectRequest(), context: ProviderContext(transport: transport, logger: .init(label: "t")))
            }
        }
        #expect(kind == .notSent)
    }

    /// Daraja has no idempotency key, and the hub resends only a payment whose first answer was never applied: the
    /// first push may have reached the payer, and a second could charge them twice (the "two-minute duplicate" rule is
    /// not documented by Safaricom, and result 17 is read elsewhere as an internal failure). Nothing is sent again: the
    /// outcome is unknown, so the payment stays pending for an operator, who finds the push by its AccountReference.
    @Test func aResendIsNeverPushedAgain() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json")])
        let kind = try await Support.collectError(server, Support.collectRequest(resend: true))
        #expect(kind == .ambiguous)
        #expect(server.requests.isEmpty, "no second push, not even a token request")
    }

    @Test(arguments: [("Miliano top-up", "Miliano"), ("Top-up", "Top-up"), ("Abcdefghijklm nop", "Abcdefghijklm"),
                      ("Ab cdefghijkl mno", "Ab cdefghijkl"), ("Abcdefghijklmnopq", "Abcdefghijklm"), ("", "Payment")])
    func theDescriptionFitsThirteenCharacters(description: String, sent: String) {
        #expect(MPesaProvider.transactionDescription(description) == sent)
        #expect(MPesaProvider.transactionDescription(description).count <= 13)
    }

    @Test func errorsAndLogsCarryNoSecretOrPhoneNumber() async throws {
        let server = try MPesaTestServer(answers: ["/mpesa/stkpush/v1/processrequest": (503, "stkpush_server-error.json")])
        let capture = LogCapture()
        var described = ""
        _ = try await Support.with(server, logger: capture.logger()) { provider, context in
            do { _ = try await provider.collect(Support.collectRequest(), context: context) } catch let error as ProviderError {
                described = error.description
            }
        }
        #expect(!described.isEmpty)
        let everything = described + capture.lines.joined(separator: "\n")
        for secret in [Support.consumerKey, Support.consumerSecret, Support.passkey, Support.securityCredential, "254708374149",
                       "c9SQxWWhmdVRlyh0zh8gZDTkubVF", Support.vectorPassword] {
            #expect(!everything.contains(secret))
        }
    }
}
