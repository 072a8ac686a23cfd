import Foundation
import Testing
@testable import Simulators

@Suite("M-Pesa simulator: STK push acceptance and leniency")
struct MPesaSTKPushTests {
    @Test("the Password of Safaricom's published example: 174379, the sandbox passkey, 20200225181525")
    func officialPasswordVector() {
        let passkey = MPesaSimulatorConfiguration.sandboxPasskey
        let password = MPesaValidation.password(shortcode: "174379", passkey: passkey, timestamp: "20200225181525")
        #expect(password == "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIw"
            + "MjAwMjI1MTgxNTI1")
    }

    @Test("the official vector is accepted when the clock is at its timestamp, and refused a day later")
    func officialVectorAgainstTheClock() throws {
        let at = try #require(MPesaClock.parseTimestamp("20200225181525", timeZone: MPesaClock.nairobi))
        #expect(MPesaValidation.isTimestamp("20200225181525", tolerance: .seconds(3600), now: at))
        #expect(!MPesaValidation.isTimestamp("20200225181525", tolerance: .seconds(3600), now: at.addingTimeInterval(86_400)))
        // Read as UTC (three hours later than Nairobi), the same digits are also within an hour of that instant.
        #expect(MPesaValidation.isTimestamp("20200225181525", tolerance: .seconds(3600), now: at.addingTimeInterval(3 * 3600)))
    }

    @Test("an accepted push answers 200 with MerchantRequestID, a ws_CO_ CheckoutRequestID and ResponseCode \"0\"")
    func accepted() async throws {
        let harness = MPesaTestHarness { $0.settleDelay = .seconds(5) }
        try await harness.withClient { client in
            let answer = try await client.stkPush(MPesaSTKCall(), token: try await client.token())
            #expect(answer.status == .ok)
            let json = try #require(answer.json)
            #expect(Set(json.keys) == ["MerchantRequestID", "CheckoutRequestID", "ResponseCode", "ResponseDescription", "CustomerMessage"])
            #expect(answer["ResponseCode"] == "0")
            #expect(answer["ResponseDescription"] == "Success. Request accepted for processing")
            let checkout = try #require(answer["CheckoutRequestID"])
            #expect(checkout.hasPrefix("ws_CO_"))
            #expect(answer["MerchantRequestID"]?.isEmpty == false)
            let recorded = try #require(await harness.simulator.push(checkoutRequestID: checkout))
            #expect(recorded.amount.minorUnits == 15_000)
            #expect(recorded.amount.currency.code == "KES")
            #expect(recorded.status == .pending)
        }
    }

    @Test("numbers as strings or numbers, a whole amount with zero decimals, extra fields and no TransactionDesc are accepted")
    func lenient() async throws {
        var variants: [MPesaSTKCall] = []
        var strings = MPesaSTKCall()
        strings.shortcode = "\"174379\""
        strings.amount = "\"150\""
        strings.partyA = "\"254708374149\""
        strings.partyB = "\"174379\""
        strings.phone = "\"254708374149\""
        variants.append(strings)
        var decimals = MPesaSTKCall()
        decimals.amount = "150.00"
        variants.append(decimals)
        var extra = MPesaSTKCall()
        extra.extra = #","ClientNote":"hello","Nested":{"a":[1,2]}"#
        variants.append(extra)
        var till = MPesaSTKCall(phone: "254110000123")
        till.transactionType = "\"CustomerBuyGoodsOnline\""
        till.partyB = "5123456"
        variants.append(till)
        let all = variants
        try await MPesaTestHarness().withClient { client in
            let token = try await client.token()
            for variant in all {
                let answer = try await client.stkPush(variant, token: token)
                #expect(answer.status == .ok, "\(answer.bodyText)")
            }
            var noDescription = MPesaSTKCall()
            noDescription.description = ""
            let body = noDescription.body.replacingOccurrences(of: #","TransactionDesc":"""#, with: "")
            let answer = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: body,
                                               headers: ["Content-Type": nil, "content-type": "application/json; charset=utf-8"])
            #expect(answer.status == .ok, "\(answer.bodyText)")
        }
    }

    @Test("a UTC timestamp (as Safaricom's Node library sends) is accepted like a Nairobi one")
    func utcTimestamp() async throws {
        try await MPesaTestHarness().withClient { client in
            var push = MPesaSTKCall()
            push.timestamp = MPesaClock.string(Date(), format: "yyyyMMddHHmmss", timeZone: .gmt)
            let token = try await client.token()
            #expect(try await client.stkPush(push, token: token).status == .ok)
        }
    }
}
