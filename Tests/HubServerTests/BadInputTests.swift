import Foundation
import Hub
import Testing

/// Every malformed request gets a 4xx problem, and nothing is written.
@Suite(.serialized) struct BadInputTests {
    static var source: [String: Any] { ["type": "mobile_money", "msisdn": "+250788000333"] }
    static var cases: [(String, String, Any, Int, String)] { [
        ("negative amount", "amount", -5, 400, "amount"),
        ("zero amount", "amount", 0, 400, "amount"),
        ("overflowing amount", "amount", Decimal(string: "9223372036854775808")!, 400, "amount"),
        ("fractional amount", "amount", 1.5, 400, "amount"),
        ("amount as string", "amount", "100", 400, "amount"),
        ("unknown currency", "currency", "XYZ", 400, "currency"),
        ("lower-case currency", "currency", "rwf", 400, "currency"),
        ("malformed msisdn", "source", ["type": "mobile_money", "msisdn": "0788000333"], 400, "source.msisdn"),
        ("msisdn too long", "source", ["type": "mobile_money", "msisdn": "+2507880003331234"], 400, "source.msisdn"),
        ("unknown source type", "source", ["type": "cash"], 400, "source.type"),
        ("wallet id with spaces", "wallet_id", "a b", 400, "wallet_id"),
        ("wallet id as number", "wallet_id", 7, 400, "wallet_id"),
        ("unknown field", "colour", "blue", 400, "colour"),
        ("metadata not strings", "metadata", ["a": 1], 400, "metadata"),
    ] }

    @Test func refusesEveryBadField() async throws {
        try await LiveHub.run { live in
            for (label, field, value, status, problemField) in Self.cases {
                var body: [String: Any] = ["wallet_id": "bad", "amount": 100, "currency": "RWF", "source": Self.source]
                body[field] = value
                let answer = try await live.post("/v1/top-ups", body)
                #expect(answer.status == status, "\(label)")
                #expect(answer.contentType == "application/problem+json", "\(label)")
                #expect(answer["field"] as? String == problemField, "\(label)")
                #expect((answer["detail"] as? String)?.contains("0788000333") == false, "\(label)")
            }
            for missing in ["wallet_id", "amount", "currency", "source"] {
                var body: [String: Any] = ["wallet_id": "bad", "amount": 100, "currency": "RWF", "source": Self.source]
                body[missing] = nil
                #expect(try await live.post("/v1/top-ups", body).status == 400, "missing \(missing)")
            }
            try await expectNothingWritten(live)
        }
    }

    @Test func refusesMalformedRequests() async throws {
        try await LiveHub.run { live in
            let valid = try JSONSerialization.data(withJSONObject: ["wallet_id": "bad", "amount": 100, "currency": "RWF", "source": Self.source])
            #expect(try await live.request("POST", "/v1/top-ups", body: Data("{\"wallet_id\":".utf8)).status == 400)
            #expect(try await live.request("POST", "/v1/top-ups", body: Data("[1,2]".utf8)).status == 400)
            #expect(try await live.request("POST", "/v1/top-ups", body: Data()).status == 400)
            let noKey = try await live.request("POST", "/v1/top-ups", body: valid, idempotencyKey: nil)
            #expect(noKey.status == 400)
            #expect(noKey["field"] as? String == "Idempotency-Key")
            #expect(try await live.request("POST", "/v1/top-ups", body: valid, idempotencyKey: String(repeating: "k", count: 256)).status == 400)
            var huge = Data("{\"wallet_id\":\"bad\",\"metadata\":{\"x\":\"".utf8)
            huge.append(Data(repeating: UInt8(ascii: "a"), count: 70 * 1024))
            huge.append(Data("\"}}".utf8))
            let tooLarge = try await live.request("POST", "/v1/top-ups", body: huge)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.contentType == "application/problem+json")
            let unknownRoute = try await live.request("GET", "/v1/nothing-here")
            #expect(unknownRoute.status == 404)
            #expect(unknownRoute.contentType == "application/problem+json")
            #expect(try await live.request("GET", "/v1/payments/pay_nope").status == 404)
            #expect(try await live.request("GET", "/v1/payments?wallet_id=bad&limit=0").status == 400)
            #expect(try await live.request("GET", "/v1/payments?wallet_id=bad&cursor=zz!").status == 400)
            try await expectNothingWritten(live)
        }
    }

    @Test func refusesWithdrawalsItCannotCover() async throws {
        try await LiveHub.run { live in
            let unknown = try await live.withdraw(wallet: "nobody", amount: 10, msisdn: "+250788000444")
            #expect(unknown.status == 422)
            #expect(unknown["type"] as? String == "/problems/unknown-wallet")
            let wallet = try await live.funded(100)
            let tooMuch = try await live.withdraw(wallet: wallet, amount: 101, msisdn: "+250788000444")
            #expect(tooMuch.status == 422)
            #expect(tooMuch["type"] as? String == "/problems/insufficient-funds")
            let card = try await live.post("/v1/withdrawals", ["wallet_id": wallet, "amount": 10, "currency": "RWF",
                                                               "destination": ["type": "card", "payment_method": "pm_card_visa"]])
            #expect(card.status == 400)
            let usd = try await live.post("/v1/withdrawals", ["wallet_id": wallet, "amount": 10, "currency": "USD",
                                                              "destination": ["type": "mobile_money", "msisdn": "+250788000444"]])
            #expect(usd.status == 422)
            #expect(usd["type"] as? String == "/problems/no-route")
            #expect(try await live.store.payments(wallet: WalletID(wallet), limit: 10, cursor: nil).items.count == 1)
            #expect(try await live.balance(wallet)?.available == 100)
        }
    }

    func expectNothingWritten(_ live: LiveHub) async throws {
        #expect(try await live.store.payments(wallet: WalletID("bad"), limit: 10, cursor: nil).items.isEmpty)
        #expect(try await live.store.outbox(.all, limit: 10).isEmpty)
        #expect(await live.simulator.transactions().isEmpty)
    }
}
