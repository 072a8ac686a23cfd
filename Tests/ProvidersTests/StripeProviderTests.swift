import Foundation
import Hub
import Testing
@testable import Providers

@Suite struct StripeProviderTests {
    typealias Support = StripeTestSupport
    let provider = Support.provider()

    func collect(_ amount: Money = Support.rwf(250_000), via transport: RecordingTransport) async throws(ProviderError) -> ProviderResult {
        try await provider.collect(Support.collectRequest(amount), context: transport.context())
    }

    static func answering(_ status: Int, _ fixture: String) -> RecordingTransport {
        RecordingTransport { _ in try! Fixtures.response(status, "stripe/\(fixture)") }
    }

    @Test func paymentIntentIsCreatedAndConfirmedAsDocumented() async throws {
        let transport = Self.answering(200, "payment_intent_succeeded.json")
        let result = try await collect(via: transport)
        #expect(result == .succeeded(providerTransactionID: Support.intentID))
        let request = try #require(transport.requests.only)
        #expect(request.method == "POST")
        #expect(request.url == "http://stripe.test/v1/payment_intents")
        #expect(request.header("Authorization") == "Bearer \(Support.secretKey)")
        #expect(request.header("Idempotency-Key") == Support.reference)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.header("Stripe-Version") == nil)
        #expect(request.form == [
            "amount": "250000", "currency": "rwf", "payment_method": "pm_card_visa", "payment_method_types[0]": "card",
            "confirm": "true", "description": "Miliano top-up",
            "metadata[reference]": Support.reference, "metadata[payment_id]": Support.paymentID.rawValue,
        ])
        let raw = String(decoding: try #require(request.body), as: UTF8.self)
        #expect(raw.contains("metadata%5Breference%5D=\(Support.reference)"))
        #expect(raw.contains("description=Miliano%20top-up"))
    }

    /// Stripe's zero-decimal currencies (docs.stripe.com/currencies); every other default currency has two decimals.
    static let stripeZeroDecimal: Set<String> = ["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF",
                                                 "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]

    @Test(arguments: StripeConfiguration.defaultCurrencies.sorted { $0.code < $1.code })
    func amountsAreSentInStripesSmallestUnit(currency: Currency) async throws {
        #expect(currency.exponent == (Self.stripeZeroDecimal.contains(currency.code) ? 0 : 2))
        let transport = Self.answering(200, "payment_intent_processing.json")
        _ = try await collect(try Money.positive(minorUnits: 1050, currency: currency), via: transport)
        #expect(transport.requests.last?.form["amount"] == "1050")
        #expect(transport.requests.last?.form["currency"] == currency.code.lowercased())
    }

    @Test func defaultCurrenciesAreTheEightCardCurrencies() {
        #expect(Set(StripeConfiguration.defaultCurrencies.map(\.code)) == ["USD", "EUR", "GBP", "KES", "NGN", "GHS", "RWF", "UGX"])
        let capabilities = provider.capabilities
        #expect(capabilities.operations == [.collect, .refund])
        #expect(capabilities.methods == [.card])
        #expect(capabilities.refusal(operation: .payout, method: .card, amount: Support.rwf(100)) == "does not support payout")
        #expect(provider.id == "stripe")
    }

    @Test func pinnedAPIVersionIsSent() async throws {
        let pinned = StripeProvider(configuration: StripeConfiguration(
            secretKey: Support.secretKey, webhookSecrets: [], apiVersion: "2024-06-20"))
        let transport = Self.answering(200, "payment_intent_succeeded.json")
        _ = try await pinned.collect(Support.collectRequest(Support.rwf(10)), context: transport.context())
        #expect(transport.requests.last?.header("Stripe-Version") == "2024-06-20")
        #expect(transport.requests.last?.url == "https://api.stripe.com/v1/payment_intents")
    }

    @Test func nonCardPayerIsNotSent() async throws {
        let transport = Self.answering(200, "payment_intent_succeeded.json")
        let request = Support.collectRequest(Support.rwf(10), payer: .mobileMoney(try MSISDN("+250788123456")))
        await #expect { _ = try await provider.collect(request, context: transport.context()) } throws: {
            ($0 as? ProviderError)?.kind == .notSent
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func withdrawalsAreNotOffered() {
        #expect(!(provider is any PayingProvider))
        #expect(!provider.capabilities.operations.contains(.payout))
    }

    @Test(arguments: [
        ("payment_intent_succeeded.json", ProviderResult.succeeded(providerTransactionID: StripeTestSupport.intentID)),
        ("payment_intent_processing.json", .pending(providerTransactionID: StripeTestSupport.intentID)),
        ("payment_intent_requires-action.json", .pending(providerTransactionID: StripeTestSupport.intentID)),
        ("payment_intent_requires-confirmation.json", .pending(providerTransactionID: StripeTestSupport.intentID)),
        ("payment_intent_requires-capture.json", .pending(providerTransactionID: StripeTestSupport.intentID)),
        ("payment_intent_requires-payment-method.json", .failed(PaymentFailure(
            reason: .insufficientFunds, providerCode: "insufficient_funds", message: "the card has insufficient funds"))),
        ("payment_intent_canceled.json", .failed(PaymentFailure(
            reason: .cancelled, providerCode: "canceled", message: "the payment was cancelled"))),
    ])
    func everyIntentStatusMaps(fixture: String, expected: ProviderResult) async throws {
        #expect(try await collect(via: Self.answering(200, fixture)) == expected)
        let transport = Self.answering(200, fixture)
        let status = try await provider.status(of: AttemptLookup(kind: .topUp, reference: Support.reference,
                                                                 providerTransactionID: Support.intentID), context: transport.context())
        #expect(status == expected)
        let request = try #require(transport.requests.only)
        #expect(request.method == "GET")
        #expect(request.url == "http://stripe.test/v1/payment_intents/\(Support.intentID)")
        #expect(request.header("Authorization") == "Bearer \(Support.secretKey)")
        #expect(request.header("Idempotency-Key") == nil)
        #expect(request.body == nil)
    }

    @Test func everyIntentStatusHasAFixture() {
        #expect(StripeIntentStatus.allCases.count == 7)
        for status in StripeIntentStatus.allCases {
            let name = status.rawValue.replacingOccurrences(of: "_", with: "-")
            #expect((try? Fixtures.data("stripe/payment_intent_\(name).json")) != nil, "no fixture for \(status.rawValue)")
        }
    }

    @Test func cardDeclineIsADefiniteFailure() async throws {
        let result = try await collect(via: Self.answering(402, "payment_intent_card-declined.json"))
        #expect(result == .failed(PaymentFailure(reason: .declined, providerCode: "generic_decline", message: "the card was declined")))
    }

    @Test func invalidRequestIsADefiniteFailure() async throws {
        let result = try await collect(via: Self.answering(400, "payment_intent_invalid-request.json"))
        #expect(result == .failed(PaymentFailure(reason: .invalidRequest, providerCode: "resource_missing",
                                                 message: "the provider refused the request as invalid")))
    }

    static let ambiguousAnswers: [(Int, String)] = [
        (500, "payment_intent_api-error.json"), (502, "payment_intent_api-error.json"), (503, "payment_intent_api-error.json"),
        (409, "payment_intent_idempotency-error.json"), (400, "payment_intent_idempotency-error.json"),
        (200, "payment_intent-search_empty.json"), (402, "payment_intent_api-error.json"),
    ]

    @Test(arguments: ambiguousAnswers)
    func unknownOutcomesAreAmbiguousNeverFailed(status: Int, fixture: String) async throws {
        await #expect { _ = try await collect(via: Self.answering(status, fixture)) } throws: {
            ($0 as? ProviderError)?.kind == .ambiguous
        }
    }

    @Test(arguments: [TransportError(.ambiguous, "timed out after connecting"), TransportError(.ambiguous, "connection reset")])
    func transportFailuresAfterSendingAreAmbiguous(error: TransportError) async throws {
        let transport = RecordingTransport { _ throws(TransportError) in throw error }
        await #expect { _ = try await collect(via: transport) } throws: {
            ($0 as? ProviderError)?.kind == .ambiguous && ($0 as? ProviderError)?.reason == "collect: \(error.reason)"
        }
    }

    static let notSentAnswers: [(Int, String)] = [
        (401, "payment_intent_unauthorized.json"), (403, "payment_intent_unauthorized.json"),
        (429, "payment_intent_rate-limited.json"), (404, "payment_intent_invalid-request.json"),
    ]

    @Test(arguments: notSentAnswers)
    func refusedBeforeProcessingIsNotSent(status: Int, fixture: String) async throws {
        await #expect { _ = try await collect(via: Self.answering(status, fixture)) } throws: {
            ($0 as? ProviderError)?.kind == .notSent
        }
    }

    @Test func refusedConnectionIsNotSent() async throws {
        let transport = RecordingTransport { _ throws(TransportError) in throw TransportError(.notSent, "connection refused") }
        await #expect { _ = try await collect(via: transport) } throws: { ($0 as? ProviderError)?.kind == .notSent }
    }

    @Test func statusWithoutIntentIDSearchesByReference() async throws {
        let transport = Self.answering(200, "payment_intent-search_found.json")
        let result = try await provider.status(of: AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil),
                                               context: transport.context())
        #expect(result == .succeeded(providerTransactionID: Support.intentID))
        let request = try #require(transport.requests.only)
        #expect(request.method == "GET")
        let url = try #require(URLComponents(string: request.url))
        #expect(url.path == "/v1/payment_intents/search")
        #expect(url.queryItems == [URLQueryItem(name: "query", value: "metadata['reference']:'\(Support.reference)'")])
    }

    @Test func searchQuotesAreEscaped() {
        #expect(StripeProvider.quoted(#"a'b\c"#) == #"a\'b\\c"#)
    }

    @Test(arguments: [(200, "payment_intent-search_empty.json"), (200, "payment_intent_succeeded.json"),
                      (400, "payment_intent_invalid-request.json"), (404, "payment_intent_invalid-request.json"),
                      (500, "payment_intent_api-error.json")])
    func statusWithoutAnAnswerIsAmbiguous(status: Int, fixture: String) async throws {
        let transport = Self.answering(status, fixture)
        await #expect {
            _ = try await provider.status(of: AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil),
                                          context: transport.context())
        } throws: { ($0 as? ProviderError)?.kind == .ambiguous }
    }

    @Test func searchFindingSeveralIntentsIsAmbiguous() async throws {
        var search = try #require(try JSONSerialization.jsonObject(with: Fixtures.data("stripe/payment_intent-search_found.json")) as? [String: Any])
        let data = try #require(search["data"] as? [Any])
        search["data"] = data + data
        let body = try JSONSerialization.data(withJSONObject: search)
        let transport = RecordingTransport { _ in HTTPResponse(status: 200, body: body) }
        await #expect {
            _ = try await provider.status(of: AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil),
                                          context: transport.context())
        } throws: { ($0 as? ProviderError)?.reason == "status search: 2 PaymentIntents, or an unknown status" }
    }

    @Test func withdrawalStatusIsNeverAsked() async throws {
        let transport = Self.answering(200, "payment_intent_succeeded.json")
        await #expect {
            _ = try await provider.status(of: AttemptLookup(kind: .withdrawal, reference: Support.reference, providerTransactionID: nil),
                                          context: transport.context())
        } throws: { ($0 as? ProviderError)?.kind == .notSent }
        #expect(transport.requests.isEmpty)
    }

    @Test func errorDescriptionsCarryNoSecrets() async throws {
        let answers: [RecordingTransport] = [
            RecordingTransport { _ throws(TransportError) in throw TransportError(.notSent, "connection refused") },
            Self.answering(401, "payment_intent_unauthorized.json"), Self.answering(500, "payment_intent_api-error.json"),
        ]
        for transport in answers {
            var description = ""
            do { _ = try await collect(via: transport) } catch { description = error.description }
            #expect(description.hasPrefix("stripe "))
            #expect(!description.contains(Support.secretKey))
            #expect(!description.contains("pm_card_visa"))
        }
        #expect(!"\(provider.configuration)".contains(Support.secretKey))
        #expect(!"\(provider.configuration)".contains(Support.webhookSecret))
        #expect(!String(reflecting: provider).contains(Support.secretKey))
    }
}

extension Array {
    /// The single element, or `nil` when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
