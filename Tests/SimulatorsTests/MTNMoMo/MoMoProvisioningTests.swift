import Foundation
import Testing
@testable import Simulators

@Suite("MTN MoMo simulator: provisioning, tokens and a request-to-pay end to end")
struct MoMoProvisioningTests {
    @Test("provisioned user → API key → token → request-to-pay → SUCCESSFUL")
    func provisioningToSuccess() async throws {
        // Long enough that the status read right after the request still sees PENDING on a loaded machine.
        let harness = MoMoTestHarness { $0.settleDelay = .seconds(1) }
        try await harness.withClient { client in
            let userID = UUID().uuidString.lowercased()
            let created = try await client.call(.post, "/v1_0/apiuser", headers: [
                "X-Reference-Id": userID, "Ocp-Apim-Subscription-Key": "sub-key", "Content-Type": "application/json",
            ], body: #"{"providerCallbackHost":"hub.example.rw"}"#)
            #expect(created.status == .created)
            #expect(created.bodyText.isEmpty)

            let user = try await client.call(.get, "/v1_0/apiuser/\(userID)", headers: ["Ocp-Apim-Subscription-Key": "sub-key"])
            #expect(user.status == .ok)
            #expect(user.json?["providerCallbackHost"] as? String == "hub.example.rw")
            #expect(user.json?["targetEnvironment"] as? String == "sandbox")

            let keyAnswer = try await client.call(.post, "/v1_0/apiuser/\(userID)/apikey", headers: ["Ocp-Apim-Subscription-Key": "sub-key"])
            #expect(keyAnswer.status == .created)
            let apiKey = try #require(keyAnswer.json?["apiKey"] as? String)

            let tokenAnswer = try await client.call(.post, "/collection/token/", headers: [
                "Authorization": MoMoTestClient.basic(userID, apiKey), "Ocp-Apim-Subscription-Key": "sub-key",
            ])
            #expect(tokenAnswer.status == .ok)
            #expect(tokenAnswer.json?["token_type"] as? String == "access_token")
            #expect(tokenAnswer.json?["expires_in"] as? Int == 3600)
            let token = try #require(tokenAnswer.json?["access_token"] as? String)

            var payment = MoMoPaymentCall(token: token)
            payment.callbackURL = "http://hub.example.rw/webhooks/mtn-momo"
            let accepted = try await client.pay(payment)
            #expect(accepted.status == .accepted)
            #expect(accepted.bodyText.isEmpty)

            let pending = try await client.status(.collection, token: token, reference: payment.reference)
            #expect(pending.json?["status"] as? String == "PENDING")
            #expect(pending.json?["financialTransactionId"] == nil)

            let final = try await client.finalStatus(.collection, token: token, reference: payment.reference)
            let json = try #require(final.json)
            #expect(json["status"] as? String == "SUCCESSFUL")
            #expect(json["amount"] as? String == "100")
            #expect(json["currency"] as? String == "EUR")
            #expect(json["externalId"] as? String == "ext-1")
            #expect((json["payer"] as? [String: String]) == ["partyIdType": "MSISDN", "partyId": "250788123456"])
            #expect(json["payerMessage"] as? String == "Top-up")
            #expect(json["payeeNote"] as? String == "note")
            #expect(json["financialTransactionId"] is String)
            #expect(json["reason"] == nil)
        }
    }

    @Test("provisioning refuses a non-UUIDv4 id, a missing host, a duplicate user and an unknown user")
    func provisioningErrors() async throws {
        try await MoMoTestHarness().withClient { client in
            let key = ["Ocp-Apim-Subscription-Key": "sub-key"]
            let host = #"{"providerCallbackHost":"hub.example.rw"}"#
            let notV4 = try await client.call(.post, "/v1_0/apiuser", headers: key.merging(["X-Reference-Id": "a0eebc99-9c0b-11d1-b465-00c04fd430c8"]) { $1 }, body: host)
            #expect(notV4.status == .badRequest)
            let id = UUID().uuidString
            let noHost = try await client.call(.post, "/v1_0/apiuser", headers: key.merging(["X-Reference-Id": id]) { $1 }, body: "{}")
            #expect(noHost.status == .badRequest)
            let noKey = try await client.call(.post, "/v1_0/apiuser", headers: ["X-Reference-Id": id], body: host)
            #expect(noKey.status == .unauthorized)
            let first = try await client.call(.post, "/v1_0/apiuser", headers: key.merging(["X-Reference-Id": id]) { $1 }, body: host)
            #expect(first.status == .created)
            let again = try await client.call(.post, "/v1_0/apiuser", headers: key.merging(["X-Reference-Id": id]) { $1 }, body: host)
            #expect(again.status == .conflict)
            let unknown = UUID().uuidString
            #expect(try await client.call(.get, "/v1_0/apiuser/\(unknown)", headers: key).status == .notFound)
            #expect(try await client.call(.post, "/v1_0/apiuser/\(unknown)/apikey", headers: key).status == .notFound)
        }
    }

    /// MoMo ignores the token request's body: independent clients send `{}` as JSON, or a `grant_type`.
    @Test("token endpoint: a body is ignored as MoMo ignores it", arguments: ["{}", #"{"grant_type":"client_credentials"}"#])
    func tokenRequestBodyIsIgnored(body: String) async throws {
        try await MoMoTestHarness().withClient { client in
            let answer = try await client.call(.post, "/collection/token/", headers: [
                "Authorization": MoMoTestClient.basic(MoMoTestHarness.userID, MoMoTestHarness.apiKey),
                "Ocp-Apim-Subscription-Key": "sub-key", "Content-Type": "application/json",
            ], body: body)
            #expect(answer.status == .ok)
        }
    }

    @Test("token endpoint: wrong or missing credentials are 401")
    func tokenErrors() async throws {
        try await MoMoTestHarness().withClient { client in
            let good = MoMoTestClient.basic(MoMoTestHarness.userID, MoMoTestHarness.apiKey)
            let wrongKey = try await client.call(.post, "/collection/token/", headers: [
                "Authorization": MoMoTestClient.basic(MoMoTestHarness.userID, "wrong"), "Ocp-Apim-Subscription-Key": "sub-key",
            ])
            #expect(wrongKey.status == .unauthorized)
            let noBasic = try await client.call(.post, "/disbursement/token/", headers: ["Ocp-Apim-Subscription-Key": "sub-key"])
            #expect(noBasic.status == .unauthorized)
            let noSubscription = try await client.call(.post, "/disbursement/token/", headers: ["Authorization": good])
            #expect(noSubscription.status == .unauthorized)
        }
    }

    @Test("a token expires after the configured lifetime")
    func tokenExpiry() async throws {
        let harness = MoMoTestHarness { $0.tokenLifetime = .milliseconds(1500) }
        try await harness.withClient { client in
            let token = try await client.token(.collection)
            #expect(try await client.pay(MoMoPaymentCall(token: token)).status == .accepted)
            try await Task.sleep(for: .milliseconds(1600))
            let expired = try await client.pay(MoMoPaymentCall(token: token))
            #expect(expired.status == .unauthorized)
        }
    }
}
