import Foundation
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: secret-key authentication")
struct FlutterwaveAuthTests {
    static let routes: [(String, String)] = [
        ("POST", "/v3/charges?type=mobile_money_uganda"),
        ("POST", "/v3/tokenized-charges"),
        ("GET", "/v3/transactions/verify_by_reference?tx_ref=x"),
        ("GET", "/v3/transactions/1000001/verify"),
        ("POST", "/v3/transactions/1000001/refund"),
        ("GET", "/v3/refunds/9001"),
        ("POST", "/v3/transfers"),
        ("GET", "/v3/transfers"),
        ("GET", "/v3/transfers/500001"),
        ("GET", "/v3/balances"),
        ("POST", "/v3/accounts/resolve"),
    ]

    @Test("every API route answers 401 Authorization required without a key", arguments: routes)
    func missingKey(_ route: (String, String)) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.init(rawValue: route.0)!, route.1, body: route.0 == "POST" ? "{}" : nil, key: nil)
            #expect(answer.status == .unauthorized)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.message == "Authorization required")
            #expect(answer.json?["data"] is NSNull)
        }
    }

    @Test(
        "a wrong, public, live or non-Bearer key answers 401 Invalid authorization key",
        arguments: [
            "Bearer FLWPUBK_TEST-6d2f9a1c0b7e4d3f8a5b2c1d0e9f8a7b-X",
            "Bearer FLWSECK-6d2f9a1c0b7e4d3f8a5b2c1d0e9f8a7b-X",
            "Bearer FLWSECK_TEST-",
            "Basic RkxXU0VDS19URVNULXh4eA==",
            "FLWSECK_TEST-6d2f9a1c0b7e4d3f8a5b2c1d0e9f8a7b-X",
        ]
    )
    func wrongKey(_ authorization: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.get, "/v3/balances", key: nil, headers: ["Authorization": authorization])
            #expect(answer.status == .unauthorized)
            #expect(answer.message == "Invalid authorization key")
            #expect(!answer.bodyText.contains("6d2f9a1c"))
        }
    }

    @Test("any test secret key works without a configured key; the scheme name's case does not matter")
    func anyTestKey() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            #expect(try await client.call(.get, "/v3/balances", key: "FLWSECK_TEST-SANDBOXDEMOKEY-X").status == .ok)
            let lower = try await client.call(.get, "/v3/balances", key: nil, headers: ["authorization": "bearer FLWSECK_TEST-abc-X"])
            #expect(lower.status == .ok)
        }
    }

    @Test("with a configured key only that key works")
    func configuredKey() async throws {
        let harness = FlutterwaveTestHarness { $0.secretKey = "FLWSECK_TEST-only-this-one-X" }
        try await harness.withClient { client in
            let configured = try await client.call(.get, "/v3/balances", key: "FLWSECK_TEST-only-this-one-X")
            #expect(configured.status == .ok)
            #expect(try await client.call(.get, "/v3/balances").status == .unauthorized)
        }
    }

    @Test("the reporting routes need no key")
    func reportingIsOpen() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let transactions = try await client.call(.get, "/sim/v1/transactions", key: nil)
            #expect(transactions.status == .ok)
            #expect(try await client.call(.get, "/sim/v1/balances", key: nil).status == .ok)
        }
    }
}
