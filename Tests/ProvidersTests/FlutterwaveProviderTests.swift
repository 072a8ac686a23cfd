import Foundation
import Hub
import Testing
@testable import Providers

/// What the Flutterwave adapter sends and how it reads the answers, from canned answers in the documentation's shapes.
@Suite struct FlutterwaveProviderTests {
    static var configuration: FlutterwaveConfiguration {
        var configuration = FlutterwaveConfiguration()
        configuration.baseURL = "http://flw.test"
        configuration.secretKey = "FLWSECK_TEST-0123456789abcdef-X"
        configuration.webhookSecretHashes = ["hash-one"]
        return configuration
    }

    let provider = FlutterwaveProvider(configuration: Self.configuration)
    let reference = "7d1c9e2a-4b6f-4e0d-8a3c-5b7e9f1a2c4d"

    static func answer(_ status: Int, _ json: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Data(json.utf8))
    }

    func collect(_ amount: Money, _ party: Counterparty, via transport: RecordingTransport) async throws(ProviderError) -> ProviderResult {
        try await provider.collect(CollectRequest(paymentID: .generate(), reference: reference, amount: amount, payer: party,
                                                  callbackURL: nil, description: "Miliano top-up"), context: transport.context())
    }

    @Test func anMpesaChargeIsSentAsDocumented() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","message":"Charge initiated","data":{"id":4123,"tx_ref":"x","status":"pending"}}"#)
        }
        let result = try await collect(try Money.positive(minorUnits: 150_050, currency: .KES), .mobileMoney(try MSISDN("+254712345678")), via: transport)
        #expect(result == .pending(providerTransactionID: "4123"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "http://flw.test/v3/charges?type=mpesa")
        #expect(request.header("Authorization") == "Bearer FLWSECK_TEST-0123456789abcdef-X")
        let body = String(decoding: try #require(request.body), as: UTF8.self)
        #expect(body.contains(#""amount":1500.5"#), "the amount is an exact decimal in major units: \(body)")
        let json = try #require(request.json)
        #expect(json["tx_ref"] as? String == reference)
        #expect(json["phone_number"] as? String == "254712345678")
        #expect(json["currency"] as? String == "KES")
        #expect(json["email"] as? String == "payments@miliano.rw")
    }

    @Test func aRwandanChargeWaitingForTheCustomerIsPending() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","message":"Charge initiated","meta":{"authorization":{"mode":"redirect","redirect":"https://x"}}}"#)
        }
        let result = try await collect(try Money.positive(minorUnits: 5000, currency: .RWF), .mobileMoney(try MSISDN("+250788123456")), via: transport)
        #expect(result == .pending(providerTransactionID: nil))
        let json = try #require(transport.requests.first?.json)
        #expect(transport.requests.first?.url == "http://flw.test/v3/charges?type=mobile_money_rwanda")
        #expect(json["network"] as? String == "MTN")
        #expect(json["order_id"] as? String == reference)
        #expect(json["amount"] as? Int == 5000)
    }

    @Test func aCardTokenIsChargedServerToServer() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","data":{"id":77,"tx_ref":"x","status":"successful","amount":20,"currency":"USD"}}"#)
        }
        let result = try await collect(try Money.positive(minorUnits: 2000, currency: .USD), .card(paymentMethod: "flw-t1nf-0123"), via: transport)
        #expect(result == .succeeded(providerTransactionID: "77"))
        #expect(transport.requests.first?.url == "http://flw.test/v3/tokenized-charges")
        #expect(transport.requests.first?.json?["token"] as? String == "flw-t1nf-0123")
    }

    @Test(arguments: [(400, ProviderError.Kind?.none), (401, .notSent), (500, .ambiguous), (503, .ambiguous)])
    func answersAreClassified(status: Int, kind: ProviderError.Kind?) async throws {
        let transport = RecordingTransport { _ in Self.answer(status, #"{"status":"error","message":"Invalid phone number","data":null}"#) }
        let amount = try Money.positive(minorUnits: 100, currency: .UGX)
        let party = Counterparty.mobileMoney(try MSISDN("+256772123456"))
        do {
            let result = try await collect(amount, party, via: transport)
            #expect(kind == nil)
            #expect(result == .failed(PaymentFailure(reason: .accountNotFound, providerCode: "Invalid phone number",
                                                     message: "the provider refused the request as invalid")))
        } catch {
            #expect(error.kind == kind)
        }
    }

    @Test func aSuccessForLessThanThePaymentGoesToReview() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","data":{"id":9,"tx_ref":"7d1c9e2a-4b6f-4e0d-8a3c-5b7e9f1a2c4d","status":"successful","amount":10,"currency":"KES"}}"#)
        }
        let lookup = AttemptLookup(kind: .topUp, reference: reference, providerTransactionID: nil, amount: try Money.positive(minorUnits: 1050, currency: .KES))
        do {
            let result = try await provider.status(of: lookup, context: transport.context())
            Issue.record("10 KES paid for 10.50 must not succeed: \(result)")
        } catch {
            #expect(error.needsReview)
        }
        #expect(transport.requests.first?.url == "http://flw.test/v3/transactions/verify_by_reference?tx_ref=\(reference)")
    }

    @Test func aTransferToAPhoneIsSentAsDocumented() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","message":"Transfer Queued Successfully","data":{"id":190626,"reference":"r","status":"NEW","complete_message":""}}"#)
        }
        let result = try await provider.payout(PayoutRequest(paymentID: .generate(), reference: reference,
                                                             amount: try Money.positive(minorUnits: 1500, currency: .UGX),
                                                             payee: .mobileMoney(try MSISDN("+256772123456")), callbackURL: nil,
                                                             description: "Miliano withdrawal"), context: transport.context())
        #expect(result == .pending(providerTransactionID: "190626"))
        let json = try #require(transport.requests.first?.json)
        #expect(transport.requests.first?.url == "http://flw.test/v3/transfers")
        #expect(json["account_bank"] as? String == "MTN")
        #expect(json["account_number"] as? String == "256772123456")
        #expect(json["reference"] as? String == reference)
        #expect(json["beneficiary_name"] as? String == "Miliano customer")
    }

    @Test func notificationsNeedTheSecretHashAndAreOnlyHints() throws {
        let handler = try #require(provider.notifications)
        #expect(!handler.isSigned)
        let body = Data(#"{"event":"charge.completed","data":{"id":4123,"tx_ref":"7d1c9e2a-4b6f-4e0d-8a3c-5b7e9f1a2c4d","status":"successful"}}"#.utf8)
        let good = try handler.parse(IncomingNotification(method: "POST", headers: [("verif-hash", "hash-one")], body: body, receivedAt: Date()))
        #expect(good.reference == reference)
        #expect(good.event == .outcome(.succeeded(providerTransactionID: "4123")))
        #expect(throws: NotificationError.self) {
            try handler.parse(IncomingNotification(method: "POST", headers: [("verif-hash", "hash-two")], body: body, receivedAt: Date()))
        }
        #expect(throws: NotificationError.self) {
            try handler.parse(IncomingNotification(method: "POST", headers: [], body: body, receivedAt: Date()))
        }
        let unconfigured = FlutterwaveProvider(configuration: FlutterwaveConfiguration())
        #expect(throws: NotificationError.self) {
            try unconfigured.notifications?.parse(IncomingNotification(method: "POST", headers: [("verif-hash", "")], body: body, receivedAt: Date()))
        }
    }

    @Test func aResentChargeIsLookedUpBeforeItIsSentAgain() async throws {
        let transport = RecordingTransport { request in
            request.method == "GET"
                ? Self.answer(200, #"{"status":"success","data":{"id":5,"tx_ref":"7d1c9e2a-4b6f-4e0d-8a3c-5b7e9f1a2c4d","status":"successful","amount":50,"currency":"UGX"}}"#)
                : Self.answer(400, #"{"status":"error","message":"Transaction reference already exists","data":null}"#)
        }
        var request = CollectRequest(paymentID: .generate(), reference: reference, amount: try Money.positive(minorUnits: 50, currency: .UGX),
                                     payer: .mobileMoney(try MSISDN("+256772123456")), callbackURL: nil, description: "Miliano top-up")
        request.isResend = true
        #expect(try await provider.collect(request, context: transport.context()) == .succeeded(providerTransactionID: "5"))
        #expect(transport.requests.map(\.method) == ["GET"], "the charge exists: it must not be sent again")
    }

    @Test func aResentChargeUnknownToFlutterwaveIsSent() async throws {
        let transport = RecordingTransport { request in
            request.method == "GET"
                ? Self.answer(400, #"{"status":"error","message":"No transaction was found for this id","data":null}"#)
                : Self.answer(200, #"{"status":"success","message":"Charge initiated","data":{"id":6,"tx_ref":"x","status":"pending"}}"#)
        }
        var request = CollectRequest(paymentID: .generate(), reference: reference, amount: try Money.positive(minorUnits: 50, currency: .UGX),
                                     payer: .mobileMoney(try MSISDN("+256772123456")), callbackURL: nil, description: "Miliano top-up")
        request.isResend = true
        #expect(try await provider.collect(request, context: transport.context()) == .pending(providerTransactionID: "6"))
        #expect(transport.requests.map(\.method) == ["GET", "POST"])
    }

    @Test func aTokenizedChargeNamesTheCountryOfItsCurrency() async throws {
        let transport = RecordingTransport { _ in
            Self.answer(200, #"{"status":"success","data":{"id":77,"tx_ref":"x","status":"successful","amount":20,"currency":"KES"}}"#)
        }
        _ = try await collect(try Money.positive(minorUnits: 2000, currency: .KES), .card(paymentMethod: "flw-t1nf-0123"), via: transport)
        #expect(transport.requests.first?.json?["country"] as? String == "KE")
    }
}
