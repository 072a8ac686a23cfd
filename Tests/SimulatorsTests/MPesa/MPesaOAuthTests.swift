import Foundation
import Testing
@testable import Simulators

@Suite("M-Pesa simulator: OAuth tokens and bearer checks")
struct MPesaOAuthTests {
    @Test("client credentials give a token whose expires_in is the string \"3599\"")
    func token() async throws {
        try await MPesaTestHarness().withClient { client in
            let answer = try await client.tokenAnswer()
            #expect(answer.status == .ok)
            #expect(answer.json?["expires_in"] as? String == "3599")
            let token = try #require(answer["access_token"])
            #expect(token.count >= 20)
            #expect(Set(answer.json?.keys.map { $0 } ?? []) == ["access_token", "expires_in"])
        }
    }

    @Test("wrong or missing credentials are 400 400.008.01; a wrong grant type is 400 400.008.02", arguments: [
        (MPesaTestHarness.consumerKey, "wrong-secret", "client_credentials", "400.008.01"),
        ("wrong-key", MPesaTestHarness.consumerSecret, "client_credentials", "400.008.01"),
        (MPesaTestHarness.consumerKey, MPesaTestHarness.consumerSecret, "password", "400.008.02"),
        (MPesaTestHarness.consumerKey, MPesaTestHarness.consumerSecret, "client_credentialss", "400.008.02"),
    ])
    func refused(_ key: String, _ secret: String, _ grant: String, _ code: String) async throws {
        try await MPesaTestHarness().withClient { client in
            let answer = try await client.tokenAnswer(key: key, secret: secret, grant: grant)
            #expect(answer.status == .badRequest)
            #expect(answer.errorCode == code)
            #expect(answer["requestId"]?.isEmpty == false)
            #expect(answer.json?["access_token"] == nil)
        }
    }

    @Test("no Authorization, or a Bearer scheme on the token endpoint, is 400.008.01")
    func missingBasic() async throws {
        try await MPesaTestHarness().withClient { client in
            let none = try await client.call(.get, "/oauth/v1/generate?grant_type=client_credentials", headers: [:])
            #expect(none.errorCode == "400.008.01")
            let encoded = Data("\(MPesaTestHarness.consumerKey):\(MPesaTestHarness.consumerSecret)".utf8).base64EncodedString()
            let bearer = try await client.call(
                .get, "/oauth/v1/generate?grant_type=client_credentials", headers: ["Authorization": "Bearer \(encoded)"]
            )
            #expect(bearer.status == .badRequest)
            #expect(bearer.errorCode == "400.008.01")
        }
    }

    @Test("header names and the Basic scheme in any case are accepted")
    func lenientHeaders() async throws {
        try await MPesaTestHarness().withClient { client in
            let encoded = Data("\(MPesaTestHarness.consumerKey):\(MPesaTestHarness.consumerSecret)".utf8).base64EncodedString()
            let answer = try await client.call(.get, "/oauth/v1/generate?grant_type=client_credentials", headers: [
                "authorization": "basic \(encoded)", "content-type": "application/json",
            ])
            #expect(answer.status == .ok)
        }
    }

    @Test("an unknown or malformed bearer token is 401 404.001.03 Invalid Access Token")
    func invalidBearer() async throws {
        try await MPesaTestHarness().withClient { client in
            let token = try await client.token()
            let push = MPesaSTKCall()
            #expect(try await client.stkPush(push, token: token).status == .ok)
            for header in ["Bearer not-a-token", "Basic \(token)", token] {
                let answer = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: push.body,
                                                   headers: ["Authorization": header])
                #expect(answer.status == .unauthorized)
                #expect(answer.errorCode == "404.001.03")
                #expect(answer.errorMessage == "Invalid Access Token")
            }
        }
    }

    @Test("an expired token is 401 404.001.03 on every API; expires_in follows the lifetime")
    func expiredBearer() async throws {
        // A zero lifetime expires the token as it is issued, whatever the machine's load.
        try await MPesaTestHarness { $0.tokenLifetime = .zero }.withClient { client in
            let answer = try await client.tokenAnswer()
            #expect(answer["expires_in"] == "0")
            let token = try #require(answer["access_token"])
            let calls = [("/mpesa/stkpush/v1/processrequest", MPesaSTKCall().body), ("/mpesa/stkpushquery/v1/query", "{}"),
                         ("/mpesa/b2c/v3/paymentrequest", "{}"), ("/mpesa/b2c/v1/paymentrequest", "{}"),
                         ("/mpesa/transactionstatus/v1/query", "{}")]
            for (path, body) in calls {
                let expired = try await client.post(path, token: token, body: body)
                #expect(expired.status == .unauthorized, "\(path)")
                #expect(expired.errorCode == "404.001.03")
            }
        }
    }

    @Test("with newTokenRevokesPrevious, a new token invalidates the older one; by default both stay valid", arguments: [true, false])
    func revocation(_ revokes: Bool) async throws {
        try await MPesaTestHarness { $0.newTokenRevokesPrevious = revokes }.withClient { client in
            let first = try await client.token()
            let second = try await client.token()
            #expect(first != second)
            let answer = try await client.stkPush(MPesaSTKCall(), token: first)
            #expect(answer.status == (revokes ? .unauthorized : .ok))
            #expect(try await client.stkPush(MPesaSTKCall(), token: second).status == .ok)
        }
    }
}
