import Foundation
import Testing
@testable import Simulators

@Suite("Stripe simulator: PaymentIntents and the test payment methods")
struct StripePaymentIntentTests {
    struct Case: Sendable, CustomStringConvertible {
        let method: String
        let httpStatus: Int
        let status: String
        let code: String?
        let declineCode: String?
        var description: String { method }
    }

    static let cases: [Case] = [
        Case(method: "pm_card_visa", httpStatus: 200, status: "succeeded", code: nil, declineCode: nil),
        Case(method: "pm_card_mastercard", httpStatus: 200, status: "succeeded", code: nil, declineCode: nil),
        Case(method: "pm_card_chargeDeclined", httpStatus: 402, status: "requires_payment_method", code: "card_declined", declineCode: "generic_decline"),
        Case(method: "pm_card_chargeDeclinedInsufficientFunds", httpStatus: 402, status: "requires_payment_method",
             code: "card_declined", declineCode: "insufficient_funds"),
        Case(method: "pm_card_chargeDeclinedExpiredCard", httpStatus: 402, status: "requires_payment_method",
             code: "expired_card", declineCode: "expired_card"),
        Case(method: "pm_card_authenticationRequired", httpStatus: 200, status: "requires_action", code: nil, declineCode: nil),
        Case(method: "pm_card_processing", httpStatus: 200, status: "processing", code: nil, declineCode: nil),
    ]

    @Test("confirming with a test payment method gives its documented outcome", arguments: cases)
    func outcome(_ expected: Case) async throws {
        let harness = StripeTestHarness { $0.settleDelay = .seconds(10) }
        try await harness.withClient { client in
            let answer = try await client.pay(expected.method)
            #expect(answer.status.code == expected.httpStatus)
            let intent: [String: Any]
            if let code = expected.code {
                let error = try #require(answer.error)
                #expect(error["type"] as? String == "card_error")
                #expect(error["code"] as? String == code)
                #expect(error["decline_code"] as? String == expected.declineCode)
                #expect((error["charge"] as? String)?.hasPrefix("ch_") == true)
                intent = try #require(error["payment_intent"] as? [String: Any])
                let last = try #require(intent["last_payment_error"] as? [String: Any])
                #expect(last["decline_code"] as? String == expected.declineCode)
            } else {
                intent = try #require(answer.json)
                #expect(intent["last_payment_error"] is NSNull)
            }
            #expect(intent["status"] as? String == expected.status)
            #expect(intent["object"] as? String == "payment_intent")
            let id = try #require(intent["id"] as? String)
            #expect(id.hasPrefix("pi_"))
            #expect((intent["client_secret"] as? String)?.hasPrefix("\(id)_secret_") == true)
            #expect((intent["payment_method"] as? String)?.hasPrefix("pm_") == true)
            #expect(intent["payment_method"] as? String != expected.method)
            #expect(intent["livemode"] as? Bool == false)
            #expect(intent["amount_received"] as? Int == (expected.status == "succeeded" ? 5000 : 0))
            #expect(((intent["latest_charge"] as? String)?.hasPrefix("ch_") ?? false) == (expected.status != "requires_action"))
            #expect((intent["next_action"] is NSNull) == (expected.status != "requires_action"))
            #expect(await harness.simulator.paymentIntent(id: id)?.status.rawValue == expected.status)
        }
    }

    @Test("RWF is zero-decimal: amount 5000 is 5000 francs; USD 5000 is 50.00 dollars")
    func zeroDecimalCurrency() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let rwf = try #require(try await client.pay(amount: "5000", currency: "rwf").json?["id"] as? String)
            let usd = try #require(try await client.pay(amount: "5000", currency: "usd").json?["id"] as? String)
            #expect(await harness.simulator.paymentIntent(id: rwf)?.amount.decimalString == "5000")
            #expect(await harness.simulator.paymentIntent(id: usd)?.amount.decimalString == "50.00")
            let fetched = try await client.call(.get, "/v1/payment_intents/\(rwf)")
            #expect(fetched.json?["amount"] as? Int == 5000)
            #expect(fetched.json?["currency"] as? String == "rwf")
        }
    }

    @Test("a three-decimal currency's amount must end in 0")
    func threeDecimalCurrency() async throws {
        try await StripeTestHarness().withClient { client in
            let unrounded = try await client.pay(amount: "1005", currency: "kwd")
            #expect(unrounded.status == .badRequest)
            #expect(unrounded.error?["code"] as? String == "invalid_amount")
            let rounded = try await client.pay(amount: "1010", currency: "kwd")
            #expect(rounded.status == .ok)
        }
    }

    @Test("validation: missing amount, bad amount, unknown or upper-case currency, unknown payment method")
    func validation() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let missing = try await client.post("/v1/payment_intents", [("currency", "rwf")])
            #expect(missing.status == .badRequest)
            #expect(missing.error?["code"] as? String == "parameter_missing")
            #expect(missing.error?["param"] as? String == "amount")
            for amount in ["10.50", "0", "-5", "abc"] {
                let bad = try await client.pay(amount: amount)
                #expect(bad.status == .badRequest, "amount \(amount)")
                #expect(bad.error?["param"] as? String == "amount")
            }
            for currency in ["xyz", "RWF"] {
                let bad = try await client.pay(currency: currency)
                #expect(bad.status == .badRequest, "currency \(currency)")
                #expect(bad.error?["type"] as? String == "invalid_request_error")
                #expect(bad.error?["param"] as? String == "currency")
            }
            let unknown = try await client.pay("pm_card_doesNotExist")
            #expect(unknown.status == .badRequest)
            #expect(unknown.error?["code"] as? String == "resource_missing")
            #expect(unknown.error?["param"] as? String == "payment_method")
            #expect(await harness.simulator.paymentIntents().isEmpty)
        }
    }

    @Test("without confirm the PaymentIntent waits for confirmation and sends no event")
    func unconfirmed() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let answer = try await client.post("/v1/payment_intents", [
                ("amount", "700"), ("currency", "rwf"), ("payment_method", "pm_card_visa"), ("confirm", "false"),
            ])
            #expect(answer.json?["status"] as? String == "requires_confirmation")
            #expect(answer.json?["latest_charge"] is NSNull)
            try await Task.sleep(for: .milliseconds(60))
            #expect(await harness.receiver.requests.isEmpty)
        }
    }

    @Test("pm_card_sim_500 answers 500 api_error and records nothing")
    func serverError() async throws {
        let harness = StripeTestHarness()
        try await harness.withClient { client in
            let answer = try await client.pay("pm_card_sim_500")
            #expect(answer.status == .internalServerError)
            #expect(answer.error?["type"] as? String == "api_error")
            #expect(await harness.simulator.paymentIntents().isEmpty)
        }
    }

    @Test("GET returns the recorded PaymentIntent; an unknown id is 404 resource_missing")
    func retrieve() async throws {
        try await StripeTestHarness().withClient { client in
            let created = try await client.pay()
            let id = try #require(created.json?["id"] as? String)
            let fetched = try await client.call(.get, "/v1/payment_intents/\(id)")
            #expect(fetched.status == .ok)
            #expect(fetched.bodyText == created.bodyText)
            let missing = try await client.call(.get, "/v1/payment_intents/pi_nope")
            #expect(missing.status == .notFound)
            #expect(missing.error?["code"] as? String == "resource_missing")
            #expect(missing.error?["message"] as? String == "No such payment_intent: 'pi_nope'")
        }
    }
}
