import Foundation
import Hub
import Testing
@testable import Providers

/// B2C disbursements against canned documentation answers over loopback HTTP.
@Suite struct AirtelMoneyDisbursementTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    @Test func aV2DisbursementIsSentAsDocumentedWithTheEncryptedPIN() async throws {
        try await Server.run(Server.answering(200, "disbursement_successful.json")) { server in
            let result = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context())
            #expect(result == .succeeded(providerTransactionID: "product-partner-**41"))
            let call = try #require(server.calls.only)
            #expect(call.method == "POST")
            #expect(call.target == "/standard/v2/disbursements/")
            #expect(call.header("X-Country") == "UG")
            #expect(call.header("X-Currency") == "UGX")
            #expect(Support.signedBody(call) == call.body)
            let json = try #require(call.json)
            #expect(json["payee"] as? [String: String] == ["msisdn": "752604392", "currency": "UGX"])
            #expect(json["reference"] as? String == "83b2ec2c6f7e4a559f2a3b6e0c1d2e88")
            let transaction = try #require(json["transaction"] as? [String: Any])
            #expect(transaction["amount"] as? Int == 1000)
            #expect(transaction["id"] as? String == Support.reference)
            #expect(transaction["type"] as? String == "B2C")
            #expect(Support.decrypt(json["pin"] as? String) == Support.pin)
            #expect(!call.text.contains(Support.pin), "the PIN never leaves in clear")
            #expect(Array(json.keys).sorted() == ["payee", "pin", "reference", "transaction"])
        }
    }

    @Test func aV1DisbursementIsUnsignedWithANormalWallet() async throws {
        try await Server.run(Server.answering(200, "disbursement_successful.json")) { server in
            _ = try await Support.provider(server, version: .v1).payout(Support.payoutRequest(), context: server.context())
            let call = try #require(server.calls.only)
            #expect(call.target == "/standard/v1/disbursements/")
            #expect(call.header("x-signature") == nil)
            #expect(call.json?["payee"] as? [String: String] == ["msisdn": "752604392", "wallet_type": "NORMAL"])
            #expect(Support.decrypt(call.json?["pin"] as? String) == Support.pin)
        }
    }

    @Test func eachRequestEncryptsThePINAfresh() async throws {
        try await Server.run(Server.answering(200, "disbursement_successful.json")) { server in
            let provider = Support.provider(server)
            for _ in 0..<2 { _ = try await provider.payout(Support.payoutRequest(), context: server.context()) }
            let pins = server.calls.compactMap { $0.json?["pin"] as? String }
            #expect(pins.count == 2)
            #expect(pins[0] != pins[1])
            #expect(pins.allSatisfy { Support.decrypt($0) == Support.pin })
        }
    }

    @Test func aSynchronousDeclineIsDefinite() async throws {
        try await Server.run(Server.answering(200, "disbursement_insufficient-funds.json")) { server in
            let result = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context())
            #expect(result == .failed(PaymentFailure(reason: .insufficientFunds, providerCode: "DP00900001007",
                                                     message: "not enough funds in the disbursement account")))
        }
    }

    @Test func aDuplicateIDIsAskedAboutNeverFailed() async throws {
        let script = Server.withToken { exchange in
            exchange.method == "POST" ? .fixture(400, "disbursement_duplicate-id.json") : .fixture(200, "disbursement-enquiry_not-found.json")
        }
        try await Server.run(script) { server in
            let result = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context())
            #expect(result == .pending(providerTransactionID: nil), "not visible yet: the first request arrived, it is not a failure")
            #expect(server.calls.map(\.target) == ["/standard/v2/disbursements/",
                                                   "/standard/v2/disbursements/\(Support.reference)?transactionType=B2C"])
        }
    }

    @Test(arguments: [(false, ProviderResult.failed(PaymentFailure(reason: .notAllowed, providerCode: "DP00900001011",
                                                                     message: "a transaction with similar information already exists"))),
                      (true, .succeeded(providerTransactionID: "product-partner-**41"))])
    func aSimilarTransactionRefusesAFirstRequestAndIsAskedAboutOnAResend(resend: Bool, expected: ProviderResult) async throws {
        let script = Server.withToken { exchange in
            exchange.method == "POST" ? .fixture(200, "disbursement_similar-transaction.json") : .fixture(200, "disbursement-enquiry_successful.json")
        }
        try await Server.run(script) { server in
            let result = try await Support.provider(server).payout(Support.payoutRequest(resend: resend), context: server.context())
            #expect(result == expected)
            #expect(server.calls.count == (resend ? 2 : 1))
        }
    }

    @Test func aSignatureRefusalIsNotSent() async throws {
        let body = #"{"status":{"response_code":"DP00900001016","code":"403","success":false,"message":"Forbidden"}}"#
        try await Server.run(Server.withToken { _ in .json(403, body) }) { server in
            await #expect { _ = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .notSent }
        }
    }

    @Test(arguments: [500, 502, 504])
    func serverErrorsAreAmbiguous(status: Int) async throws {
        try await Server.run(Server.answering(status, "disbursement_insufficient-funds.json")) { server in
            await #expect { _ = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .ambiguous }
        }
    }

    @Test func withoutAPINOrKeyNothingIsSent() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        var noPIN = Support.configuration("http://airtel.test")
        noPIN.pin = ""
        var noKey = Support.configuration("http://airtel.test", version: .v1)
        noKey.encryptionKey = nil
        for configuration in [noPIN, noKey] {
            await #expect { _ = try await AirtelMoneyProvider(configuration: configuration).payout(Support.payoutRequest(), context: transport.context()) }
                throws: { ($0 as? ProviderError)?.kind == .notSent }
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func aNumberOfAnotherCountryIsNotSent() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 200) }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        await #expect { _ = try await provider.payout(Support.payoutRequest(payee: Support.rwandan), context: transport.context()) }
            throws: { ($0 as? ProviderError)?.kind == .notSent }
        #expect(transport.requests.isEmpty)
    }
}
