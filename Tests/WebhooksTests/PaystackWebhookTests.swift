import Testing
@testable import Webhooks

/// Paystack specifics: an HMAC-SHA512 value computed independently with `openssl dgst -sha512 -hmac`.
@Suite struct PaystackWebhookTests {
    static let secretKey = "sk_test_old_0c1d"
    static let signature = "42d29bba6fada8e134b20702adc909fe896c2e66fe6736bd6a45a0220e154076"
        + "977d07d4adc267a93ec07ed986facbd2d74f47ec7a2b6baade28a8a63d9ba5e9"

    @Test func independentlyComputedSignatureVerifies() throws {
        let verifier = try PaystackWebhookVerifier(secretKeys: [Self.secretKey])
        let headers: WebhookHeaders = ["X-Paystack-Signature": Self.signature]
        let result = try verifier.verify(body: TestSupport.body, headers: headers, now: TestSupport.sentAt)
        #expect(result.timestamp == nil)
        #expect(result.bodySigned)
    }

    @Test func signerWritesLowercaseHexSHA512() throws {
        let signed = try PaystackWebhookSigner(secretKey: Self.secretKey)
            .sign(body: TestSupport.body, id: "ignored", timestamp: TestSupport.sentAt)
        #expect(signed["x-paystack-signature"] == Self.signature)
    }

    @Test func truncatedSignatureIsAMismatch() throws {
        let verifier = try PaystackWebhookVerifier(secretKeys: [Self.secretKey])
        let headers: WebhookHeaders = ["x-paystack-signature": String(Self.signature.prefix(64))]
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier.verify(body: TestSupport.body, headers: headers, now: TestSupport.sentAt)
        }
    }
}
