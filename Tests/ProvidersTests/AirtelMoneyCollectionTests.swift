import Foundation
import Hub
import Testing
@testable import Providers

/// USSD-push collections against canned documentation answers over loopback HTTP: what leaves, and how the answer
/// is read.
@Suite struct AirtelMoneyCollectionTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    @Test func aV2CollectionIsSentAsDocumentedAndSigned() async throws {
        try await Server.run(Server.answering(200, "collection_push-sent.json")) { server in
            let result = try await Support.provider(server).collect(Support.collectRequest(), context: server.context())
            #expect(result == .pending(providerTransactionID: nil), "the ack only says the push was sent")
            let call = try #require(server.calls.only)
            #expect(call.method == "POST")
            #expect(call.target == "/merchant/v2/payments/")
            #expect(call.header("Authorization") == "Bearer UCc0fixture0access0token0ki2w")
            #expect(call.header("X-Country") == "UG")
            #expect(call.header("X-Currency") == "UGX")
            #expect(call.header("Content-Type") == "application/json")
            #expect(call.text == #"{"reference":"Miliano top up","subscriber":{"country":"UG","currency":"UGX","msisdn":"752604392"},"#
                + #""transaction":{"amount":1000,"country":"UG","currency":"UGX","id":"\#(Support.reference)"}}"#)
            #expect(Support.signedBody(call) == call.body, "x-key and x-signature seal exactly the bytes sent")
        }
    }

    @Test func aV1CollectionIsUnsigned() async throws {
        try await Server.run(Server.answering(200, "collection_push-sent.json")) { server in
            _ = try await Support.provider(server, version: .v1).collect(Support.collectRequest(), context: server.context())
            let call = try #require(server.calls.only)
            #expect(call.target == "/merchant/v1/payments/")
            #expect(call.header("x-signature") == nil)
            #expect(call.header("x-key") == nil)
            let subscriber = try #require(call.json?["subscriber"] as? [String: String])
            #expect(subscriber == ["country": "UG", "currency": "UGX", "msisdn": "752604392"])
        }
    }

    @Test func eachSignatureHasItsOwnKey() async throws {
        try await Server.run(Server.answering(200, "collection_push-sent.json")) { server in
            let provider = Support.provider(server)
            for _ in 0..<2 { _ = try await provider.collect(Support.collectRequest(), context: server.context()) }
            let calls = server.calls
            #expect(calls.count == 2)
            #expect(calls[0].body == calls[1].body)
            #expect(calls[0].header("x-key") != calls[1].header("x-key"))
            #expect(calls[0].header("x-signature") != calls[1].header("x-signature"))
            #expect(calls.allSatisfy { Support.signedBody($0) == $0.body })
        }
    }

    /// Amounts are exact decimals in major units, whatever the currency's exponent.
    @Test(arguments: [("UG", "UGX", Int64(1500), "1500"), ("KE", "KES", 150_050, "1500.5"), ("KE", "KES", 1, "0.01"),
                      ("ZM", "ZMW", 1000, "10"), ("RW", "RWF", 7, "7")])
    func amountsAreExactMajorUnits(country: String, code: String, minor: Int64, text: String) async throws {
        let callingCode = try #require(AirtelMoneyMarket.named(country)?.callingCode)
        let payer = Counterparty.mobileMoney(try MSISDN("+\(callingCode)712345678"))
        try await Server.run(Server.answering(200, "collection_push-sent.json")) { server in
            let currency = try Currency.parse(code)
            let provider = AirtelMoneyProvider(configuration: Support.configuration(server.baseURL, country: country, currency: currency))
            var request = Support.collectRequest(try Money.positive(minorUnits: minor, currency: currency), payer: payer)
            request.description = "Top-up"
            _ = try await provider.collect(request, context: server.context())
            let call = try #require(server.calls.only)
            #expect(call.text.contains(#""amount":\#(text),"#), "\(call.text)")
            #expect(call.header("X-Country") == country)
            #expect(call.header("X-Currency") == code)
            #expect((call.json?["subscriber"] as? [String: String])?["msisdn"] == "712345678")
        }
    }

    @Test(arguments: [
        (Support.rwandan, "UGX"),
        (Counterparty.mobileMoney(try! MSISDN("+25675260439")), "UGX"),
        (Counterparty.card(paymentMethod: "pm_card_visa"), "UGX"),
        (Support.ugandan, "KES"),
    ])
    func whatAirtelCannotTakeIsNeverSent(party: Counterparty, currency: String) async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        let amount = try Money.positive(minorUnits: 1000, currency: Currency.parse(currency))
        await #expect { _ = try await provider.collect(Support.collectRequest(amount, payer: party), context: transport.context()) }
            throws: { ($0 as? ProviderError)?.kind == .notSent }
        #expect(transport.requests.isEmpty)
        do { _ = try await provider.collect(Support.collectRequest(amount, payer: party), context: transport.context()) } catch {
            #expect(!error.description.contains("731234567") && !error.description.contains("75260439"), "\(error)")
        }
    }

    /// 5xx says nothing, whatever code it carries (a documented 500 carries DP00800001005); 4xx are read by their code.
    @Test(arguments: [
        (500, "collection_server-error.json", ProviderError.Kind?.some(.ambiguous), ProviderResult?.none),
        (503, "collection_push-sent.json", .ambiguous, nil),
        (408, "collection_push-sent.json", .ambiguous, nil),
        (403, "collection_signature-mismatch.json", .notSent, nil),
        (404, "enquiry_not-found.json", .ambiguous, nil),
        (429, "token_invalid-client.json", .notSent, nil),
        (400, "collection_msisdn-not-found.json", nil,
         .failed(PaymentFailure(reason: .notApproved, providerCode: "DP00800001005", message: "the payer did not enter the PIN"))),
        (400, "token_invalid-client.json", nil,
         .failed(PaymentFailure(reason: .invalidRequest, providerCode: "HTTP 400", message: "the provider refused the request as invalid"))),
        (200, "token_invalid-client.json", .ambiguous, nil),
    ])
    func answersAreClassified(status: Int, fixture: String, kind: ProviderError.Kind?, expected: ProviderResult?) async throws {
        try await Server.run(Server.answering(status, fixture)) { server in
            do {
                let result = try await Support.provider(server).collect(Support.collectRequest(), context: server.context())
                #expect(kind == nil, "expected a thrown \(String(describing: kind)), got \(result)")
                #expect(result == expected)
            } catch let error as ProviderError {
                #expect(error.kind == kind, "\(error)")
            }
        }
    }

    @Test func aDuplicateTransactionIDAsksForTheFirstRequestsStatus() async throws {
        let script = Server.withToken { exchange in
            exchange.method == "POST" ? .fixture(400, "collection_duplicate-id.json") : .fixture(200, "enquiry_successful.json")
        }
        try await Server.run(script) { server in
            let result = try await Support.provider(server).collect(Support.collectRequest(), context: server.context())
            #expect(result == .succeeded(providerTransactionID: "C3648202667"))
            #expect(server.calls.map(\.target) == ["/merchant/v2/payments/", "/standard/v1/payments/\(Support.reference)"])
        }
    }

    @Test func aRefusedResendIsCheckedAgainstTheFirstRequest() async throws {
        let script = Server.withToken { exchange in
            exchange.method == "POST" ? .fixture(400, "token_invalid-client.json") : .fixture(200, "enquiry_in-progress.json")
        }
        try await Server.run(script) { server in
            let resend = try await Support.provider(server).collect(Support.collectRequest(resend: true), context: server.context())
            #expect(resend == .pending(providerTransactionID: nil), "the first push is still running: the refusal is not the outcome")
            let first = try await Support.provider(server).collect(Support.collectRequest(), context: server.context())
            #expect(first == .failed(PaymentFailure(reason: .invalidRequest, providerCode: "HTTP 400", message: "the provider refused the request as invalid")))
            #expect(server.calls.map(\.method) == ["POST", "GET", "POST"])
        }
    }

    @Test func aRefusedResendUnknownToAirtelStaysRefused() async throws {
        let script = Server.withToken { exchange in
            exchange.method == "POST" ? .fixture(200, "enquiry_expired.json") : .fixture(200, "enquiry_not-found.json")
        }
        try await Server.run(script) { server in
            let result = try await Support.provider(server).collect(Support.collectRequest(resend: true), context: server.context())
            #expect(result == .failed(PaymentFailure(reason: .expired, providerCode: "DP00800001029", message: "the transaction expired")))
        }
    }

    @Test func aTimeoutAfterTheRequestLeftIsAmbiguous() async throws {
        let script = Server.withToken { _ in
            AirtelMoneyCanned(status: 200, body: Data(), delay: .seconds(5))
        }
        try await Server.run(script) { server in
            var configuration = Support.configuration(server.baseURL)
            // Long enough for the token request on a loaded machine, short against the collection's delay.
            configuration.timeout = .seconds(2)
            do {
                let result = try await AirtelMoneyProvider(configuration: configuration).collect(Support.collectRequest(), context: server.context())
                Issue.record("expected an ambiguous error, got \(result)")
            } catch let error as ProviderError {
                #expect(error.kind == .ambiguous, "\(error)")
            }
        }
    }

    @Test func aRefusedConnectionIsNotSent() async throws {
        let port = try #require(LoopbackPort.reserve())
        let transport = CurlTransport()
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://127.0.0.1:\(port)"))
        let context = ProviderContext(transport: transport, logger: .init(label: "test"))
        do {
            _ = try await provider.collect(Support.collectRequest(), context: context)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notSent)
        }
        await transport.shutdown()
    }

    @Test func aV2CollectionWithoutAKeyIsNotSent() async throws {
        let transport = RecordingTransport { request in
            request.url.hasSuffix("/auth/oauth2/token") ? try! Fixtures.response(200, "airtel-money/token_ok.json") : HTTPResponse(status: 200)
        }
        var configuration = Support.configuration("http://airtel.test")
        configuration.encryptionKey = nil
        await #expect { _ = try await AirtelMoneyProvider(configuration: configuration).collect(Support.collectRequest(), context: transport.context()) }
            throws: { ($0 as? ProviderError)?.kind == .notSent }
        #expect(transport.requests.allSatisfy { $0.url.hasSuffix("/auth/oauth2/token") })
    }

    @Test func capabilitiesAreTheConfiguredCountry() {
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test", country: "KE", currency: .KES))
        #expect(provider.id == "airtel-money")
        #expect(provider.capabilities.operations == [.collect, .payout, .refund, .lookup])
        #expect(provider.capabilities.methods == [.mobileMoney])
        #expect(provider.capabilities.countries == ["KE"])
        #expect(provider.capabilities.currencies == [.KES])
        #expect(provider.capabilities.expectedCallbackSeconds == 60)
        #expect(provider.capabilities.refusal(operation: .collect, method: .mobileMoney, amount: Support.ugx(10)) == "does not support UGX")
    }
}
