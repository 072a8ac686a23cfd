import Foundation
import Hub
import HubTesting
import Simulators
import Testing
@testable import Providers

/// `POST /v1/recipients/lookup` with a bank account number and bank code, end to end: the wallet API of a real hub,
/// the Flutterwave adapter, and the Flutterwave simulator, all over loopback HTTP.
@Suite struct FlutterwaveBankLookupHubTests {
    static let flutterwave = TestHub.Member(FlutterwavePlugin(), simulator: FlutterwaveSimulatorPlugin())

    /// Providers registered after the simulated one: one that cannot look anything up, and a Flutterwave account
    /// nothing listens for.
    static var extra: [any PaymentProvider] {
        var unreachable = FlutterwaveConfiguration()
        unreachable.baseURL = "http://127.0.0.1:9"
        unreachable.secretKey = "FLWSECK_TEST-unreachable-X"
        unreachable.timeout = .seconds(2)
        return [ScriptedProvider(id: "plain") { _ throws(ProviderError) in .pending(providerTransactionID: nil) },
                FlutterwaveProvider(id: "flutterwave-down", configuration: unreachable)]
    }

    static func run(_ body: @Sendable (TestHub) async throws -> Void) async throws {
        try await TestHub.run([flutterwave], extra: extra, body)
    }

    static func bank(_ number: String, bank: String = "044", currency: String = "NGN", provider: String? = nil) -> [String: Any] {
        var body: [String: Any] = ["type": "bank_account", "account_number": number, "bank_code": bank, "currency": currency]
        if let provider { body["provider"] = provider }
        return body
    }

    @Test func aResolvedAccountIsActiveWithItsNameMaskedAndNeitherNumberNorNameIsLogged() async throws {
        try await Self.run { hub in
            let answer = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032"))
            #expect(answer.status == 200)
            #expect(answer.object["lookup"] as? String == "checked")
            #expect(answer.object["active"] as? Bool == true)
            #expect(answer.object["name"] as? String == "P***** B*****")
            #expect(answer.object["name_masked"] as? Bool == true)
            #expect(answer.object["provider"] as? String == "flutterwave")
            #expect(answer.object["account_number"] as? String == "••••0032")
            #expect(answer.object["bank_code"] as? String == "044")
            let again = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032"))
            #expect(again.object["checked_at"] as? String == answer.object["checked_at"] as? String, "answered from the cache")
            let lines = hub.logs.lines
            #expect(lines.contains { $0.contains("recipient looked up") && $0.contains("••••0032") })
            #expect(!lines.contains { $0.contains("690000032") || $0.contains("Pastor") || $0.contains("Bright") })
        }
    }

    @Test func anAccountFlutterwaveCannotResolveIsNotActive() async throws {
        try await Self.run { hub in
            let answer = try await hub.post("/v1/recipients/lookup", Self.bank("0121212121"))
            #expect(answer.status == 200)
            #expect(answer.object["lookup"] as? String == "checked")
            #expect(answer.object["active"] as? Bool == false)
            #expect(answer.object["name"] is NSNull)
            #expect(answer.object["provider"] as? String == "flutterwave")
        }
    }

    @Test func aProviderThatFailsOrCannotBeReachedIsAnHonest503() async throws {
        try await Self.run { hub in
            let failing = try await hub.post("/v1/recipients/lookup", Self.bank("0700000006"))
            #expect(failing.status == 503)
            #expect(failing.object["type"] as? String == "/problems/unavailable")
            #expect(failing.object["active"] == nil)
            let down = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032", provider: "flutterwave-down"))
            #expect(down.status == 503)
            #expect(down.object["type"] as? String == "/problems/unavailable")
            #expect(hub.logs.lines.contains { $0.contains("recipient lookup failed") && $0.contains("provider=flutterwave-down") })
        }
    }

    @Test func aProviderThatCannotLookUpBankAccountsIsUnsupportedAndNoneAtAllIsNoRoute() async throws {
        try await Self.run { hub in
            let plain = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032", provider: "plain"))
            #expect(plain.status == 200)
            #expect(plain.object["lookup"] as? String == "unsupported")
            #expect(plain.object["provider"] as? String == "plain")
            #expect(plain.object["active"] is NSNull)
            let otherCurrency = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032", currency: "KES", provider: "flutterwave"))
            #expect(otherCurrency.status == 200 && otherCurrency.object["lookup"] as? String == "unsupported")
            let nobody = try await hub.post("/v1/recipients/lookup", Self.bank("0690000032", currency: "KES"))
            #expect(nobody.status == 422)
            #expect(nobody.object["type"] as? String == "/problems/no-route")
        }
    }

    @Test func badInputIsA400NamingItsFieldAndAsksNoProvider() async throws {
        try await Self.run { hub in
            let cases: [([String: Any], String)] = [
                (["type": "bank_account", "account_number": "12345", "bank_code": "044", "currency": "NGN"], "account_number"),
                (["type": "bank_account", "account_number": "069000003a", "bank_code": "044", "currency": "NGN"], "account_number"),
                (["type": "bank_account", "account_number": 690000032, "bank_code": "044", "currency": "NGN"], "account_number"),
                (["type": "bank_account", "account_number": "123456789012345678901", "bank_code": "044", "currency": "NGN"], "account_number"),
                (["type": "bank_account", "bank_code": "044", "currency": "NGN"], "account_number"),
                (["type": "bank_account", "account_number": "0690000032", "currency": "NGN"], "bank_code"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "", "currency": "NGN"], "bank_code"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "04/4", "currency": "NGN"], "bank_code"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "1234567890123", "currency": "NGN"], "bank_code"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "044"], "currency"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "044", "currency": "NAIRA"], "currency"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "044", "currency": "NGN", "name": "x"], "name"),
                (["type": "bank_account", "account_number": "0690000032", "bank_code": "044", "currency": "NGN", "provider": 7], "provider"),
                (["type": "bank_account", "iban": "DE89370400440532013000", "account_number": "0690000032"], "account_number"),
                (["type": "bank_account"], "account_number"),
            ]
            for (body, field) in cases {
                let answer = try await hub.post("/v1/recipients/lookup", body)
                #expect(answer.status == 400, "\(body)")
                #expect(answer.object["type"] as? String == "/problems/invalid-request")
                #expect(answer.object["field"] as? String == field, "\(body)")
                #expect((answer.object["detail"] as? String)?.contains("690000032") != true)
            }
            #expect(!hub.logs.lines.contains { $0.contains("recipient looked up") || $0.contains("recipient lookup failed") })
        }
    }
}
