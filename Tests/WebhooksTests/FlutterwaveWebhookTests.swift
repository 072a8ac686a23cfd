import Testing
@testable import Webhooks

/// Flutterwave specifics: an HMAC value computed independently with openssl, the legacy equality form,
/// and the v3 `verif-hash` header.
@Suite struct FlutterwaveWebhookTests {
    static let secretHash = "flw-hash-old-3a9"
    static let signature = "BOlbPr75H/JtxAt7WwJFlvpROhcfVdoJ+nTQho76orw="

    private func verify(_ value: String, secrets: [String] = [secretHash]) throws -> VerifiedWebhook {
        try FlutterwaveWebhookVerifier(secretHashes: secrets)
            .verify(body: TestSupport.body, headers: ["flutterwave-signature": value], now: TestSupport.sentAt)
    }

    @Test func independentlyComputedSignatureVerifies() throws {
        #expect(try verify(Self.signature).bodySigned)
    }

    @Test func signerWritesBase64HMACSHA256() throws {
        let signed = try FlutterwaveWebhookSigner(secretHash: Self.secretHash)
            .sign(body: TestSupport.body, id: "ignored", timestamp: TestSupport.sentAt)
        #expect(signed["flutterwave-signature"] == Self.signature)
    }

    @Test func legacyHeaderEqualToTheSecretHashPassesWithoutSigningTheBody() throws {
        let result = try verify(Self.secretHash, secrets: ["flw-hash-new-c41", Self.secretHash])
        #expect(result.bodySigned == false)
        #expect(result.secretIndex == 1)
    }

    @Test func legacyHeaderOneByteOffIsRejected() {
        #expect(throws: WebhookVerificationError.signatureMismatch) { try verify("flw-hash-old-3a8") }
    }

    @Test func v3HeaderMustEqualTheSecretHash() throws {
        let verifier = try FlutterwaveV3WebhookVerifier(secretHashes: [Self.secretHash])
        let headers: WebhookHeaders = ["verif-hash": Self.secretHash]
        #expect(try verifier.verify(body: TestSupport.body, headers: headers, now: TestSupport.sentAt).bodySigned == false)
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier.verify(body: TestSupport.body, headers: ["verif-hash": Self.signature], now: TestSupport.sentAt)
        }
    }
}
