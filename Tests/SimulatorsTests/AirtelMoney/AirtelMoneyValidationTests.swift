import Foundation
import Hummingbird
import Testing
import Hub
@testable import Simulators

/// A collection that must be refused, and how.
struct AirtelMoneyInvalidCollection: Sendable, CustomTestStringConvertible {
    let name: String
    let alter: @Sendable (inout AirtelMoneyCollectionCall) -> Void
    let status: HTTPResponse.Status
    let resultCode: String?
    let responseCode: String?

    var testDescription: String { name }

    static let all: [AirtelMoneyInvalidCollection] = [
        .init(name: "no X-Country", alter: { $0.overrides["X-Country"] = .some(nil) },
              status: .badRequest, resultCode: "ROUTER003", responseCode: nil),
        .init(name: "unknown X-Country", alter: { $0.overrides["X-Country"] = "XX" },
              status: .badRequest, resultCode: "ROUTER006", responseCode: nil),
        .init(name: "no X-Currency", alter: { $0.overrides["X-Currency"] = .some(nil) }, status: .badRequest, resultCode: "ROUTER119",
              responseCode: nil),
        .init(name: "UG with KES", alter: { $0.overrides["X-Currency"] = "KES" },
              status: .badRequest, resultCode: "ROUTER112", responseCode: nil),
        .init(name: "RW with UGX", alter: { $0.overrides["X-Country"] = "RW" },
              status: .badRequest, resultCode: "ROUTER112", responseCode: nil),
        .init(name: "msisdn with the country code", alter: { $0.msisdn = "256752604392" }, status: .badRequest, resultCode: "ESB000033",
              responseCode: nil),
        .init(name: "msisdn of 8 digits", alter: { $0.msisdn = "75260439" },
              status: .badRequest, resultCode: "ESB000033", responseCode: nil),
        .init(name: "msisdn of 10 digits with a leading 0", alter: { $0.msisdn = "0752604392" },
              status: .badRequest, resultCode: "ESB000033",
              responseCode: nil),
        .init(name: "msisdn with a plus", alter: { $0.msisdn = "+256752604392" },
              status: .badRequest, resultCode: "ESB000008", responseCode: nil),
        .init(name: "a fraction of a shilling", alter: { $0.amountJSON = "1000.5" }, status: .badRequest, resultCode: "ESB000008",
              responseCode: "DP00800001004"),
        .init(name: "a fraction as a string", alter: { $0.amountJSON = "\"1000.5\"" }, status: .badRequest, resultCode: "ESB000008",
              responseCode: "DP00800001004"),
        .init(name: "zero", alter: { $0.amountJSON = "0" }, status: .badRequest, resultCode: "ESB000008", responseCode: "DP00800001004"),
        .init(name: "a negative amount", alter: { $0.amountJSON = "-100" }, status: .badRequest, resultCode: "ESB000008",
              responseCode: "DP00800001004"),
        .init(name: "an exponent", alter: { $0.amountJSON = "1e3" },
              status: .badRequest, resultCode: "ESB000008", responseCode: "DP00800001004"),
        .init(name: "a boolean amount", alter: { $0.amountJSON = "true" }, status: .badRequest, resultCode: "ESB000008",
              responseCode: "DP00800001004"),
        .init(name: "an empty transaction.id", alter: { $0.id = "" }, status: .badRequest, resultCode: "ESB000008", responseCode: nil),
        .init(name: "not JSON", alter: { $0.sentBody = "reference=x" }, status: .badRequest, resultCode: "ESB000008", responseCode: nil),
        .init(name: "a body currency other than X-Currency", alter: {
            $0.sentBody = $0.body.replacingOccurrences(of: #""currency":"UGX","id""#, with: #""currency":"KES","id""#)
        }, status: .badRequest, resultCode: "ESB000035", responseCode: nil),
        .init(name: "a subscriber country other than X-Country", alter: {
            $0.sentBody = $0.body.replacingOccurrences(of: #"{"country":"UG""#, with: #"{"country":"KE""#)
        }, status: .badRequest, resultCode: "ESB000034", responseCode: nil),
    ]
}

@Suite("Airtel Money simulator: X-Country/X-Currency, MSISDNs and amounts")
struct AirtelMoneyValidationTests {
    @Test(arguments: AirtelMoneyInvalidCollection.all)
    func refused(_ invalid: AirtelMoneyInvalidCollection) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var collection = AirtelMoneyCollectionCall()
            invalid.alter(&collection)
            let answer = try await client.collect(collection)
            #expect(answer.status == invalid.status)
            #expect(answer.statusBlock?["code"] as? String == String(invalid.status.code))
            #expect(answer.success == false)
            #expect(answer.resultCode == invalid.resultCode)
            #expect(answer.responseCode == invalid.responseCode)
            #expect(await AirtelMoneyTestHarness.recordedCount(client) == 0)
        }
    }

    @Test("accepted: the amount as a number or a string, trailing zero decimals, lower-case header values, optional fields left out",
          arguments: ["1500", "\"1500\"", "1500.00", "\"1500.0\""])
    func acceptedAmounts(_ amount: String) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var collection = AirtelMoneyCollectionCall()
            collection.amountJSON = amount
            collection.overrides = ["X-Country": "ug", "X-Currency": "ugx"]
            let answer = try await client.collect(collection)
            #expect(answer.status == .ok)
            #expect(answer.responseCode == "DP00800001006")
            let recorded = try #require(await client.recorded(collection.id))
            #expect(recorded.amount.minorUnits == 1500)
            let bare = #"{"reference":"r","subscriber":{"msisdn":"752604392"},"transaction":{"amount":700,"id":"bare-\#(collection.id)"}}"#
            #expect(try await client.call(.post, "/merchant/v1/payments/", headers: client.headers(), body: Array(bare.utf8)).status == .ok)
        }
    }

    @Test("other markets: KES takes cents, NG numbers have 10 digits, CD takes CDF and USD", arguments: [
        ("KE", "KES", "712345678", "10.55", Int64(1055)), ("NG", "NGN", "8021234567", "250", Int64(25000)),
        ("CD", "USD", "991234567", "12.5", Int64(1250)), ("CD", "CDF", "991234567", "100", Int64(10000)),
        ("RW", "RWF", "731234567", "1000", Int64(1000)),
    ] as [(String, String, String, String, Int64)])
    func otherMarkets(_ country: String, _ currency: String, _ msisdn: String, _ amount: String, _ minorUnits: Int64) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var collection = AirtelMoneyCollectionCall(msisdn: msisdn)
            collection.country = country
            collection.currency = currency
            collection.amountJSON = amount
            #expect(try await client.collect(collection).status == .ok)
            let recorded = try #require(await client.recorded(collection.id))
            #expect(recorded.amount.minorUnits == minorUnits)
            #expect(recorded.amount.currency.code == currency)
            #expect(recorded.country == country)
        }
    }

    @Test("KES refuses a third decimal, and a 9-digit NG number is refused")
    func otherMarketRefusals() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            var kenya = AirtelMoneyCollectionCall(msisdn: "712345678")
            (kenya.country, kenya.currency, kenya.amountJSON) = ("KE", "KES", "10.555")
            #expect(try await client.collect(kenya).responseCode == "DP00800001004")
            var nigeria = AirtelMoneyCollectionCall(msisdn: "802123456")
            (nigeria.country, nigeria.currency) = ("NG", "NGN")
            let refused = try await client.collect(nigeria)
            #expect(refused.resultCode == "ESB000033")
            #expect((refused.statusBlock?["message"] as? String)?.contains("should be 10") == true)
        }
    }
}

extension AirtelMoneyTestClient {
    /// The simulator's record of a transaction, from `GET /sim/v1/transactions`.
    func recorded(_ id: String) async throws -> (amount: Money, country: String, status: String, callbacks: [[String: Any]])? {
        let answer = try await call(.get, "/sim/v1/transactions", headers: [:])
        let lines = (try JSONSerialization.jsonObject(with: Data(answer.bodyText.utf8))) as? [[String: Any]] ?? []
        guard let line = lines.first(where: { $0["id"] as? String == id }),
              let code = line["currency"] as? String, let currency = Currency(code: code),
              let minor = (line["minor_units"] as? NSNumber)?.int64Value,
              let amount = try? Money(minorUnits: minor, currency: currency)
        else { return nil }
        return (amount, line["country"] as? String ?? "", line["status"] as? String ?? "", line["callbacks"] as? [[String: Any]] ?? [])
    }
}
