import Foundation
import Testing
@testable import Simulators

@Suite("Stripe simulator: authentication")
struct StripeAuthTests {
    @Test("no Authorization header is 401 invalid_request_error")
    func missingKey() async throws {
        try await StripeTestHarness().withClient { client in
            let answer = try await client.call(.get, "/v1/payment_intents/pi_123", key: nil)
            #expect(answer.status == .unauthorized)
            #expect(answer.error?["type"] as? String == "invalid_request_error")
            #expect((answer.error?["message"] as? String)?.contains("did not provide an API key") == true)
        }
    }

    @Test("a key that is not a test secret key is 401, and the message never holds the whole key",
          arguments: ["sk_live_51AbCdEfGhIjKlMnOpQrStUvWx", "pk_test_51AbCdEfGhIjKlMnOpQrStUvWx", "sk_test", "whatever"])
    func rejectedKey(_ key: String) async throws {
        try await StripeTestHarness().withClient { client in
            let refused = try await client.call(.get, "/v1/payment_intents/pi_123", key: key)
            #expect(refused.status == .unauthorized)
            let message = try #require(refused.error?["message"] as? String)
            #expect(message.hasPrefix("Invalid API Key provided: "))
            #expect(!message.contains(key))
            #expect(!refused.bodyText.contains(key))
        }
    }

    @Test("a configured key is the only one accepted")
    func configuredKey() async throws {
        let harness = StripeTestHarness { $0.apiKey = "sk_test_only_this_one_12345" }
        try await harness.withClient { client in
            let other = try await client.call(.get, "/sim/v1/transactions", key: nil)
            #expect(other.status == .ok)
            let refused = try await client.post("/v1/payment_intents", [("amount", "100"), ("currency", "usd")])
            #expect(refused.status == .unauthorized)
            #expect(refused.error?["message"] as? String == "Invalid API Key provided: sk_test_********0000")
            let accepted = try await client.post(
                "/v1/payment_intents", [("amount", "100"), ("currency", "usd")], key: "sk_test_only_this_one_12345"
            )
            #expect(accepted.status == .ok)
            #expect(accepted.json?["status"] as? String == "requires_payment_method")
        }
    }

    @Test("Basic auth with the key as user name is accepted, as Stripe documents")
    func basicAuth() async throws {
        try await StripeTestHarness().withClient { client in
            let basic = "Basic " + Data("\(StripeTestHarness.apiKey):".utf8).base64EncodedString()
            let answer = try await client.call(.get, "/v1/payment_intents/pi_unknown", key: nil, headers: ["Authorization": basic])
            #expect(answer.status == .notFound)
            #expect(answer.error?["code"] as? String == "resource_missing")
        }
    }
}
