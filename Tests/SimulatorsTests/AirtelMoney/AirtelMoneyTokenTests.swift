import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Simulators

@Suite("Airtel Money simulator: OAuth2 tokens and bearer checks")
struct AirtelMoneyTokenTests {
    @Test("client credentials give a bearer token whose expires_in is the string \"180\"")
    func issuesToken() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let answer = try await client.tokenAnswer()
            #expect(answer.status == .ok)
            #expect(answer.json?["expires_in"] as? String == "180")
            #expect(answer.json?["token_type"] as? String == "bearer")
            let token = try #require(answer.json?["access_token"] as? String)
            #expect(token.count >= 32)
            #expect(try await client.authenticated(token).get("/v1/rsa/encryption-keys").status == .ok)
        }
    }

    @Test("a wrong secret or id is 401 invalid_client, another grant type and a bad body 400")
    func refusals() async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            let wrongSecret = try await client.tokenAnswer(secret: "nope")
            #expect(wrongSecret.status == .unauthorized)
            #expect(wrongSecret.json?["error"] as? String == "invalid_client")
            #expect(try await client.tokenAnswer(id: "someone-else").status == .unauthorized)
            let grant = try await client.tokenAnswer(grantType: "password")
            #expect(grant.status == .badRequest)
            #expect(grant.json?["error"] as? String == "unsupported_grant_type")
            let missing = try await client.call(.post, "/auth/oauth2/token", headers: ["Content-Type": "application/json"],
                                                body: Array(#"{"client_id":"x"}"#.utf8))
            #expect(missing.status == .badRequest)
            #expect(missing.json?["error"] as? String == "invalid_request")
            #expect(!wrongSecret.bodyText.contains(AirtelMoneyTestHarness.clientSecret))
        }
    }

    @Test("token-ttl shapes expires_in, and a token past its lifetime is 401 invalid_token")
    func expiry() async throws {
        let harness = AirtelMoneyTestHarness { $0.tokenLifetime = .seconds(4) }
        try await harness.withClient { client in
            #expect(try await client.tokenAnswer().json?["expires_in"] as? String == "4")
            #expect(try await client.get("/v1/rsa/encryption-keys").status == .ok)
            try await Task.sleep(for: .milliseconds(4200))
            let expired = try await client.get("/v1/rsa/encryption-keys")
            #expect(expired.status == .unauthorized)
            #expect(expired.json?["error"] as? String == "invalid_token")
        }
    }

    @Test("an unknown, malformed or missing bearer is 401 on every API", arguments: [
        ("Authorization", "Bearer not-a-token"), ("Authorization", "Basic YTpi"), ("Authorization", nil),
    ] as [(String, String?)])
    func badBearer(_ header: String, _ value: String?) async throws {
        try await AirtelMoneyTestHarness().withClient { client in
            for path in ["/v1/rsa/encryption-keys", "/standard/v1/payments/x", "/standard/v1/users/752604392",
                         "/standard/v1/disbursements/x", "/standard/v2/disbursements/x?transactionType=B2C"] {
                #expect(try await client.get(path, overrides: [header: value]).status == .unauthorized, "\(path)")
            }
            let collection = AirtelMoneyCollectionCall()
            let refused = try await client.call(.post, collection.path, headers: client.headers(overrides: [header: value]),
                                                body: collection.bodyBytes)
            #expect(refused.status == .unauthorized)
            #expect(await AirtelMoneyTestHarness.recordedCount(client) == 0)
        }
    }
}

extension AirtelMoneyTestHarness {
    /// How many transactions the simulator behind `client` reports.
    static func recordedCount(_ client: AirtelMoneyTestClient) async -> Int {
        let answer = try? await client.call(.get, "/sim/v1/transactions", headers: [:])
        return ((try? JSONSerialization.jsonObject(with: Data((answer?.bodyText ?? "[]").utf8))) as? [Any])?.count ?? -1
    }
}
