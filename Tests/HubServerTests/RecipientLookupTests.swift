import Foundation
import Hub
import Logging
import Simulators
import Testing
@testable import HubServer

/// `POST /v1/recipients/lookup` and `require_active_recipient`, against the MoMo simulator over loopback HTTP.
@Suite(.serialized) struct RecipientLookupTests {
    func lookUp(_ live: LiveHub, _ body: [String: Any]) async throws -> APIResponse {
        try await live.request("POST", "/v1/recipients/lookup", body: try JSONSerialization.data(withJSONObject: body), idempotencyKey: nil)
    }

    @Test func anActiveHolderIsNamedMaskedAndInactiveOrUnknownOnesAreNotActive() async throws {
        let captured = LogRedactionTests.CapturedLines()
        var logger = Logger(label: "hub") { label in RedactingLogHandler(label: label, sink: captured.sink, metadataProvider: nil) }
        logger.logLevel = .trace
        let holder = try #require(MoMoAccountHolder(key: "250788123456"))
        try await LiveHub.run(logger: logger) { live in
            let active = try await lookUp(live, ["type": "mobile_money", "msisdn": "+250788123456"])
            #expect(active.status == 200)
            #expect(active["lookup"] as? String == "checked")
            #expect(active["active"] as? Bool == true)
            #expect(active["provider"] as? String == "mtn-momo")
            #expect(active["name_masked"] as? Bool == true)
            let masked = RecipientCheck(active: true, name: "\(holder.givenName) \(holder.familyName)").maskedName
            #expect(active["name"] as? String == masked)
            #expect((active["name"] as? String)?.contains(holder.familyName) == false)
            #expect(active["checked_at"] is String)
            for number in [MoMoAccountHolder.inactiveKey, MoMoAccountHolder.unregisteredKey] {
                let answer = try await lookUp(live, ["type": "mobile_money", "msisdn": "+" + number, "currency": "RWF"])
                #expect(answer.status == 200)
                #expect(answer["active"] as? Bool == false, "\(number)")
                #expect(answer["name"] is NSNull)
            }
        }
        let lines = captured.all
        #expect(lines.contains { $0.contains("recipient looked up") })
        #expect(!lines.contains { $0.contains("250788123456") || $0.contains(holder.familyName) })
    }

    @Test func aProviderThatCannotBeReachedIsAnHonest503() async throws {
        try await LiveHub.run(momoBaseURL: "http://127.0.0.1:9") { live in
            let answer = try await lookUp(live, ["type": "mobile_money", "msisdn": "+250788123456"])
            #expect(answer.status == 503)
            #expect(answer["type"] as? String == "/problems/unavailable")
            #expect(answer["active"] == nil)
        }
    }

    @Test(arguments: [
        (["type": "mobile_money", "msisdn": "0788123456"], "msisdn"),
        (["type": "mobile_money", "msisdn": "+250788123456", "currency": "XXQ"], "currency"),
        (["type": "mobile_money", "msisdn": "+250788123456", "amount": 0], "amount"),
        (["type": "mobile_money", "msisdn": "+250788123456", "name": "x"], "name"),
        (["type": "card", "payment_method": "pm_card_visa"], "type"),
        (["type": "bank_account", "iban": "DE89370400440532013001"], "iban"),
        (["type": "bank_account", "iban": "DE89370400440532013000", "bic": "COBADEFFXX"], "bic"),
        (["type": "bank_account", "iban": "DE89370400440532013000", "bic": "BNPAFRPP"], "bic"),
    ] as [([String: any Sendable], String)])
    func badInputNamesItsField(body: [String: any Sendable], field: String) async throws {
        try await LiveHub.run { live in
            let answer = try await lookUp(live, body)
            #expect(answer.status == 400)
            #expect(answer["type"] as? String == "/problems/invalid-request")
            #expect(answer["field"] as? String == field)
        }
    }

    @Test func aBankAccountIsValidatedAndAnsweredRedacted() async throws {
        try await LiveHub.run { live in
            let answer = try await lookUp(live, ["type": "bank_account", "iban": "de89 3704 0044 0532 0130 00", "bic": "COBADEFFXXX"])
            #expect(answer.status == 200)
            #expect(answer["lookup"] as? String == "validated")
            #expect(answer["iban"] as? String == "DE89••••••••••••••3000")
            #expect(answer["bic"] as? String == "COBADEFFXXX")
            #expect(answer["active"] is NSNull)
        }
    }

    @Test func aBankAccountByNumberAndBankCodeIsUnsupportedByAMobileLookupAndNoRouteWithoutAResolver() async throws {
        try await LiveHub.run { live in
            let body: [String: Any] = ["type": "bank_account", "account_number": "0690000032", "bank_code": "044", "currency": "NGN"]
            var named = body
            named["provider"] = "mtn-momo"
            let unsupported = try await lookUp(live, named)
            #expect(unsupported.status == 200)
            #expect(unsupported["lookup"] as? String == "unsupported")
            #expect(unsupported["provider"] as? String == "mtn-momo")
            #expect(unsupported["account_number"] as? String == "••••0032")
            #expect(unsupported["active"] is NSNull)
            let nobody = try await lookUp(live, body)
            #expect(nobody.status == 422)
            #expect(nobody["type"] as? String == "/problems/no-route")
        }
    }

    @Test func aWithdrawalRequiringAnActiveRecipientIsRefusedBeforeAnyHold() async throws {
        try await LiveHub.run { live in
            let wallet = try await live.funded(5000)
            let refused = try await live.post("/v1/withdrawals", [
                "wallet_id": wallet, "amount": 1500, "currency": "RWF", "require_active_recipient": true,
                "destination": ["type": "mobile_money", "msisdn": "+" + MoMoAccountHolder.inactiveKey],
            ])
            #expect(refused.status == 422)
            #expect(refused["type"] as? String == "/problems/recipient-not-active")
            let balance = try #require(try await live.balance(wallet))
            #expect(balance.available == 5000 && balance.pending == 0)
            let payments = try await live.request("GET", "/v1/payments?wallet_id=\(wallet)")["data"] as? [[String: Any]]
            #expect(payments?.count == 1, "only the funding top-up")
            let accepted = try await live.post("/v1/withdrawals", [
                "wallet_id": wallet, "amount": 1500, "currency": "RWF", "require_active_recipient": true,
                "destination": ["type": "mobile_money", "msisdn": "+250789654321"],
            ])
            #expect(accepted.status == 201)
            #expect(try await live.settle(accepted["id"] as! String)["state"] as? String == "succeeded")
            let wrongType = try await live.post("/v1/withdrawals", [
                "wallet_id": wallet, "amount": 100, "currency": "RWF", "require_active_recipient": "yes",
                "destination": ["type": "mobile_money", "msisdn": "+250789654321"],
            ])
            #expect(wrongType.status == 400 && wrongType["field"] as? String == "require_active_recipient")
            let onTopUp = try await live.post("/v1/top-ups", [
                "wallet_id": wallet, "amount": 100, "currency": "RWF", "require_active_recipient": true,
                "source": ["type": "mobile_money", "msisdn": "+250789654321"],
            ])
            #expect(onTopUp.status == 400 && onTopUp["field"] as? String == "require_active_recipient")
        }
    }
}

@Suite struct RateLimiterTests {
    @Test func aKeyGetsItsRatePerMinuteAndOthersAreUnaffected() {
        let limiter = RateLimiter(perMinute: 3)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect((0..<3).map { _ in limiter.take("a", now: start) } == [nil, nil, nil])
        #expect(limiter.take("a", now: start) == 20, "one token every 20 s")
        #expect(limiter.take("b", now: start) == nil)
        #expect(limiter.take("a", now: start.addingTimeInterval(20)) == nil)
        #expect(limiter.take("a", now: start.addingTimeInterval(21)) != nil)
    }

    @Test func bucketsStayBounded() {
        let limiter = RateLimiter(perMinute: 1, capacity: 2)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        for caller in ["a", "b", "c", "d"] { _ = limiter.take(caller, now: now) }
        #expect(limiter.count <= 2)
    }
}

@Suite(.serialized) struct NationalNumberTests {
    @Test func aNationalNumberWithItsCountryIsStoredInE164AndOneOutOfRangeIsRefused() async throws {
        try await LiveHub.run { live in
            let topUp = try await live.post("/v1/top-ups", ["wallet_id": "national", "amount": 500, "currency": "RWF",
                                                           "source": ["type": "mobile_money", "msisdn": "0788 123 456", "country": "RW"]])
            #expect(topUp.status == 201)
            let id = try #require(topUp["id"] as? String)
            #expect(try await live.hub.payment(#require(PaymentID(validating: id))).counterparty == .mobileMoney(try MSISDN("+250788123456")))
            for (party, field) in [(["type": "mobile_money", "msisdn": "0788123456"], "source.msisdn"),
                                   (["type": "mobile_money", "msisdn": "+250252123456"], "source.msisdn"),
                                   (["type": "mobile_money", "msisdn": "0788123456", "country": "Rwanda"], "source.country")] {
                let refused = try await live.post("/v1/top-ups", ["wallet_id": "national", "amount": 500, "currency": "RWF", "source": party])
                #expect(refused.status == 400 && refused["field"] as? String == field, "\(party)")
            }
        }
    }
}
