import Foundation
import Testing
@testable import Simulators

/// One mobile-money type with a request it accepts and how it answers.
struct FlutterwaveMobileMoneyCase: Sendable, CustomTestStringConvertible {
    let type: String
    let currency: String
    let phone: String
    let extra: String
    /// `true`: a redirect with no `data`; `false`: the pending transaction in `data`.
    let redirects: Bool
    let paymentType: String
    let eventType: String

    var testDescription: String { type }

    static let all: [FlutterwaveMobileMoneyCase] = [
        .init(type: "mpesa", currency: "KES", phone: "254712345678", extra: "", redirects: false,
              paymentType: "mpesa", eventType: "MPESA_TRANSACTION"),
        .init(type: "mobile_money_ghana", currency: "GHS", phone: "233241234567", extra: #","network":"VODAFONE""#,
              redirects: true, paymentType: "mobilemoneygh", eventType: "MOBILEMONEYGH_TRANSACTION"),
        .init(type: "mobile_money_uganda", currency: "UGX", phone: "256772123456", extra: #","network":"MTN""#,
              redirects: true, paymentType: "mobilemoneyug", eventType: "MOBILEMONEYUG_TRANSACTION"),
        .init(type: "mobile_money_rwanda", currency: "RWF", phone: "250788123456", extra: #","order_id":"ORD-1""#,
              redirects: true, paymentType: "mobilemoneyrw", eventType: "MOBILEMONEYRW_TRANSACTION"),
        .init(type: "mobile_money_zambia", currency: "ZMW", phone: "260971234567", extra: "", redirects: true,
              paymentType: "mobilemoneyzm", eventType: "MOBILEMONEYZM_TRANSACTION"),
        .init(type: "mobile_money_tanzania", currency: "TZS", phone: "255782835136", extra: #","network":"Halopesa""#,
              redirects: false, paymentType: "mobilemoneytz", eventType: "MOBILEMONEYTZ_TRANSACTION"),
        .init(type: "mobile_money_franco", currency: "XAF", phone: "237670000020", extra: #","country":"CM""#,
              redirects: false, paymentType: "mobilemoneysn", eventType: "MOBILEMONEYSN_TRANSACTION"),
    ]
}

@Suite("Flutterwave simulator: mobile-money charges")
struct FlutterwaveMobileMoneyTests {
    @Test(
        "each type answers as documented, completes after the customer authorizes, and verifies",
        arguments: FlutterwaveMobileMoneyCase.all
    )
    func chargeCompletes(_ type: FlutterwaveMobileMoneyCase) async throws {
        let harness = FlutterwaveTestHarness { $0.chargeSettleDelay = .seconds(5) }
        try await harness.withClient { client in
            let txRef = "MM-\(type.type)-1"
            let answer = try await client.chargeMobileMoney(
                type.type, txRef: txRef, amount: "100", currency: type.currency, phone: type.phone, extra: type.extra
            )
            #expect(answer.status == .ok)
            #expect(answer.envelopeStatus == "success")
            #expect(answer.message == "Charge initiated")
            let authorization = (answer.json?["meta"] as? [String: Any])?["authorization"] as? [String: Any]
            if type.redirects {
                #expect(answer.json?["data"] == nil)
                #expect(authorization?["mode"] as? String == "redirect")
                #expect((authorization?["redirect"] as? String)?.contains("/sim/v1/checkout/FLW-MOCK-") == true)
            } else {
                #expect(answer.data?["status"] as? String == "pending")
                #expect(answer.data?["tx_ref"] as? String == txRef)
                #expect(answer.data?["payment_type"] as? String == type.paymentType)
                #expect(authorization?["mode"] as? String == (type.type == "mobile_money_franco" ? "callback" : nil))
            }
            let pending = try await client.verify(txRef: txRef)
            #expect(pending.data?["status"] as? String == "pending")

            let final = try await client.finalCharge(txRef: txRef)
            #expect(final.data?["status"] as? String == "successful")
            #expect(final.data?["currency"] as? String == type.currency)
            #expect(final.data?["payment_type"] as? String == type.paymentType)
            #expect(final.number("amount") == "100")

            let webhook = try #require(await harness.receiver.waitFor(1).first?.body)
            let event = try #require(try JSONSerialization.jsonObject(with: webhook) as? [String: Any])
            #expect(event["event"] as? String == "charge.completed")
            #expect(event["event.type"] as? String == type.eventType)
            #expect((event["data"] as? [String: Any])?["tx_ref"] as? String == txRef)
        }
    }

    @Test(
        "a currency the type does not charge in is a 400",
        arguments: [
            ("mobile_money_uganda", "KES"), ("mpesa", "UGX"), ("mobile_money_rwanda", "UGX"), ("mobile_money_ghana", "NGN"),
            ("mobile_money_franco", "KES"), ("mobile_money_tanzania", "KES"), ("mobile_money_zambia", "RWF"),
        ]
    )
    func wrongCurrency(_ type: String, _ currency: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.chargeMobileMoney(type, currency: currency, extra: #","order_id":"O","country":"CM""#)
            #expect(answer.status == .badRequest)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.message?.hasPrefix("Invalid currency \(currency) for \(type)") == true)
            #expect(await harness.simulator.charges().isEmpty)
        }
    }

    @Test("a reused tx_ref is refused with 400 and changes nothing; a charge's tx_ref also blocks a card charge")
    func duplicateTxRef() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            #expect(try await client.chargeMobileMoney(txRef: "DUP-1", amount: "1500").status == .ok)
            let again = try await client.chargeMobileMoney(txRef: "DUP-1", amount: "9999")
            #expect(again.status == .badRequest)
            #expect(again.message == "A transaction with this tx_ref already exists")
            #expect(try await client.chargeToken(txRef: "DUP-1").status == .badRequest)
            let charges = await harness.simulator.charges()
            #expect(charges.count == 1)
            #expect(charges.first?.amount.minorUnits == 1500)
        }
    }

    @Test("extra fields, a lower-case currency and network, and a string amount are accepted")
    func lenient() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.chargeMobileMoney(
                txRef: "LENIENT-1", amount: #""2500""#, currency: "ugx",
                extra: #","network":"airtel","voucher":"128373","client_ip":"154.123.220.1","#
                    + #""meta":{"order":"42"},"surprise":[1,{"a":null}]"#
            )
            #expect(answer.status == .ok)
            let charge = try #require(await harness.simulator.charge(txRef: "LENIENT-1"))
            #expect(charge.amount.minorUnits == 2500)
            #expect(charge.amount.currency.code == "UGX")
            #expect(charge.network == "AIRTEL")
            #expect(charge.meta == #"{"order":"42"}"#)
        }
    }

    @Test("the documented Uganda request gets the documented answer's fields")
    func ugandaFixture() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(
                .post, "/v3/charges?type=mobile_money_uganda", body: try FlutterwaveFixtures.text("charge-mobile-money-uganda_request.json")
            )
            let documented = try FlutterwaveFixtures.json("charge-mobile-money-uganda_redirect.json")
            #expect(answer.status == .ok)
            #expect(Set(try #require(answer.json).keys) == Set(documented.keys))
            let meta = try #require(answer.json?["meta"] as? [String: Any])
            #expect(Set(meta.keys) == Set((documented["meta"] as? [String: Any] ?? [:]).keys))
        }
    }

    @Test(
        "the documented M-Pesa and francophone requests answer with at least the documented fields",
        arguments: [
            ("mpesa", "charge-mpesa_request.json", "charge-mpesa_pending.json"),
            ("mobile_money_franco", "charge-mobile-money-franco_request.json", "charge-mobile-money-franco_pending.json"),
        ]
    )
    func pendingFixtures(_ type: String, _ request: String, _ response: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.post, "/v3/charges?type=\(type)", body: try FlutterwaveFixtures.text(request))
            let documented = try FlutterwaveFixtures.json(response)
            #expect(answer.status == .ok)
            #expect(Set(try #require(answer.json).keys).isSuperset(of: documented.keys))
            let data = try #require(answer.data)
            #expect(Set(data.keys).isSuperset(of: (documented["data"] as? [String: Any] ?? [:]).keys))
            let customer = data["customer"] as? [String: Any] ?? [:]
            #expect(Set(customer.keys) == Set(((documented["data"] as? [String: Any])?["customer"] as? [String: Any] ?? [:]).keys))
        }
    }

    @Test("the documented Rwanda request (with order_id) is accepted; the same without order_id is not")
    func rwandaOrderID() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let body = try FlutterwaveFixtures.text("charge-mobile-money-rwanda_request.json")
            #expect(try await client.call(.post, "/v3/charges?type=mobile_money_rwanda", body: body).status == .ok)
            let without = body.replacingOccurrences(of: #""order_id": "USS_URG_893982923s2323","#, with: "")
                .replacingOccurrences(of: "MC-158523s09v5050e8", with: "MC-other")
            let refused = try await client.call(.post, "/v3/charges?type=mobile_money_rwanda", body: without)
            #expect(refused.status == .badRequest)
            #expect(refused.message == "order_id is required")
        }
    }

    @Test("the redirect page names the charge")
    func checkoutPage() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.chargeMobileMoney(txRef: "PAGE-1")
            let authorization = (answer.json?["meta"] as? [String: Any])?["authorization"] as? [String: Any]
            let redirect = try #require(authorization?["redirect"] as? String)
            let path = try #require(URL(string: redirect)?.path)
            let page = try await client.call(.get, path, key: nil)
            #expect(page.status == .ok)
            #expect(page.data?["tx_ref"] as? String == "PAGE-1")
            #expect(try await client.call(.get, "/sim/v1/checkout/FLW-MOCK-unknown", key: nil).status == .badRequest)
        }
    }
}
