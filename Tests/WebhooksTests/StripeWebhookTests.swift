import Foundation
import Testing
@testable import Webhooks

/// Stripe specifics: the stripe-dotnet vector, the timestamp window, and parsing of `Stripe-Signature`.
@Suite struct StripeWebhookTests {
    static let secret = "webhook_secret"
    static let signedAt = Date(timeIntervalSince1970: 1_533_204_620)
    static let v1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7"
    static let header = "t=1533204620,v1=\(v1),v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef"

    let body: [UInt8]
    let verifier: StripeWebhookVerifier

    init() throws {
        body = try TestSupport.stripeEventBody()
        verifier = try StripeWebhookVerifier(secrets: [Self.secret])
    }

    private func verify(_ header: String, at now: Date) throws(WebhookVerificationError) -> VerifiedWebhook {
        try verifier.verify(body: body, headers: ["Stripe-Signature": header], now: now)
    }

    @Test func officialVectorVerifies() throws {
        #expect(body.count == 484)
        let result = try verify(Self.header, at: Self.signedAt.addingTimeInterval(12))
        #expect(result.timestamp == Self.signedAt)
        #expect(result.id == nil)
    }

    @Test func signerReproducesTheOfficialSignature() throws {
        let signer = try StripeWebhookSigner(secret: Self.secret)
        let headers = signer.sign(body: body, id: "ignored", timestamp: Self.signedAt)
        #expect(headers["stripe-signature"] == "t=1533204620,v1=\(Self.v1)")
    }

    @Test(arguments: [-300.0, 0, 300])
    func timestampsWithinFiveMinutesEitherWayPass(offset: TimeInterval) throws {
        #expect(try verify(Self.header, at: Self.signedAt.addingTimeInterval(offset)).timestamp == Self.signedAt)
    }

    @Test func staleTimestampIsRejected() {
        #expect(throws: WebhookVerificationError.timestampTooOld) {
            try verify(Self.header, at: Self.signedAt.addingTimeInterval(301))
        }
    }

    @Test func futureTimestampIsRejectedByDefault() {
        #expect(throws: WebhookVerificationError.timestampTooNew) {
            try verify(Self.header, at: Self.signedAt.addingTimeInterval(-301))
        }
    }

    @Test func unlimitedFutureToleranceMatchesStripeLibraries() throws {
        let lenient = try StripeWebhookVerifier(secrets: [Self.secret], tolerance: .init(past: 300, future: .infinity))
        let headers: WebhookHeaders = ["Stripe-Signature": Self.header]
        #expect(try lenient.verify(body: body, headers: headers, now: Date(timeIntervalSince1970: 0)).secretIndex == 0)
    }

    @Test func oneByteTimestampTamperIsRejected() {
        let tampered = Self.header.replacingOccurrences(of: "t=1533204620", with: "t=1533204621")
        #expect(throws: WebhookVerificationError.signatureMismatch) { try verify(tampered, at: Self.signedAt) }
    }

    @Test func anyOfSeveralV1SignaturesMayMatch() throws {
        let header = "t=1533204620,v1=\(String(repeating: "0", count: 64)),v1=\(Self.v1)"
        #expect(try verify(header, at: Self.signedAt).timestamp == Self.signedAt)
    }

    @Test func v0AloneIsNotAccepted() {
        let header = "t=1533204620,v0=\(Self.v1)"
        #expect(throws: WebhookVerificationError.signatureMismatch) { try verify(header, at: Self.signedAt) }
    }

    @Test(arguments: [
        "t=1533204620,t=1533204620,v1=\(v1)", "t=-1533204620,v1=\(v1)", "t=,v1=\(v1)",
        "t=1533204620,v1=\(v1)z", "t=1533204620;v1=\(v1)", "",
    ])
    func malformedHeadersAreRejected(header: String) {
        #expect(throws: WebhookVerificationError.malformedHeader("stripe-signature")) {
            try verify(header, at: Self.signedAt)
        }
    }

    @Test func secretIsUsedVerbatimNotBase64Decoded() throws {
        let base64Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let message = Array("1533204620.".utf8) + body
        let expected = Hex.encode(HMACKey(.sha256, key: Array(base64Secret.utf8)).authenticationCode(for: message))
        let verifier = try StripeWebhookVerifier(secrets: [base64Secret])
        let headers: WebhookHeaders = ["Stripe-Signature": "t=1533204620,v1=\(expected)"]
        #expect(try verifier.verify(body: body, headers: headers, now: Self.signedAt).secretIndex == 0)
    }
}
