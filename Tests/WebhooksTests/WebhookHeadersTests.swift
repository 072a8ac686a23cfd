import Foundation
import Testing
@testable import Webhooks

/// Header lookup, timestamp windows and the no-leak promise of error descriptions.
@Suite struct WebhookHeadersTests {
    @Test func lookupIgnoresASCIICaseAndReturnsTheFirstValue() {
        let headers = WebhookHeaders([("Webhook-ID", "first"), ("webhook-id", "second"), ("Other", "x")])
        #expect(headers["webhook-id"] == "first")
        #expect(headers["WEBHOOK-ID"] == "first")
        #expect(headers["webhook-i"] == nil)
    }

    @Test func errorDescriptionsNameNoSecretSignatureOrBody() throws {
        let secret = "sk_live_never_logged"
        let body = Array("card 4242424242424242".utf8)
        let verifier = try PaystackWebhookVerifier(secretKeys: [secret])
        let signature = Hex.encode(HMACKey(.sha512, key: Array("other".utf8)).authenticationCode(for: body))
        do {
            _ = try verifier.verify(body: body, headers: ["x-paystack-signature": signature], now: Date())
            Issue.record("a signature made with another key verified")
        } catch {
            let text = String(describing: error) + String(reflecting: error)
            #expect(error == .signatureMismatch)
            #expect(!text.contains(secret))
            #expect(!text.contains(signature))
            #expect(!text.contains("4242"))
        }
    }

    @Test func secretErrorsNeverEchoTheSecret() {
        let secret = "whsec_c2hvcnQ="
        do {
            _ = try StandardWebhookVerifier(secrets: [secret])
            Issue.record("a 5-byte key was accepted")
        } catch {
            #expect(error == .keyLength(5))
            #expect(!(String(describing: error) + String(reflecting: error)).contains("c2hvcnQ"))
        }
    }
}
