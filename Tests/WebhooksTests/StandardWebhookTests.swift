import Foundation
import Testing
@testable import Webhooks

/// Standard Webhooks specifics: the spec's vector, signature lists, Svix header names, the symmetric
/// timestamp window and secret validation.
@Suite struct StandardWebhookTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    static let timestamp = "1614265330"
    static let signedAt = Date(timeIntervalSince1970: 1_614_265_330)
    static let signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    static let body = Array(#"{"test": 2432232314}"#.utf8)

    let verifier: StandardWebhookVerifier

    init() throws {
        verifier = try StandardWebhookVerifier(secrets: [Self.secret])
    }

    private func headers(
        id: String = id, timestamp: String = timestamp, signature: String = signature, prefix: String = "webhook-"
    ) -> WebhookHeaders {
        WebhookHeaders([(prefix + "id", id), (prefix + "timestamp", timestamp), (prefix + "signature", signature)])
    }

    private func verify(
        _ headers: WebhookHeaders, at now: Date = signedAt
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try verifier.verify(body: Self.body, headers: headers, now: now)
    }

    @Test func officialVectorVerifies() throws {
        let result = try verify(headers(), at: Self.signedAt.addingTimeInterval(5))
        #expect(result.id == Self.id)
        #expect(result.timestamp == Self.signedAt)
    }

    @Test func signerReproducesTheOfficialSignature() throws {
        let signer = try StandardWebhookSigner(secret: Self.secret)
        let signed = signer.sign(body: Self.body, id: Self.id, timestamp: Self.signedAt)
        #expect(signed["webhook-signature"] == Self.signature)
        #expect(signed["webhook-timestamp"] == Self.timestamp)
        #expect(signed["webhook-id"] == Self.id)
    }

    @Test func validSignatureAmongFakeAndUnknownVersionsPasses() throws {
        let list = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,bm90LWVkMjU1MTk= v2,abc \(Self.signature)"
        #expect(try verify(headers(signature: list)).id == Self.id)
    }

    @Test func onlyUnknownVersionsIsAMismatch() {
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verify(headers(signature: "v2,abc v1a,def"))
        }
    }

    @Test func svixHeaderNamesAreAccepted() throws {
        #expect(try verify(headers(prefix: "svix-")).id == Self.id)
    }

    @Test(arguments: [-300.0, 0, 300])
    func timestampsWithinFiveMinutesEitherWayPass(offset: TimeInterval) throws {
        #expect(try verify(headers(), at: Self.signedAt.addingTimeInterval(offset)).id == Self.id)
    }

    @Test(arguments: [(301.0, WebhookVerificationError.timestampTooOld), (-301, .timestampTooNew)])
    func timestampsOutsideTheWindowAreRejected(offset: TimeInterval, error: WebhookVerificationError) {
        #expect(throws: error) {
            try verify(headers(), at: Self.signedAt.addingTimeInterval(offset))
        }
    }

    @Test(arguments: [("1614265331", id), (timestamp, "msg_p5jXN8AQM9LWM0D4loKWxJel")])
    func oneByteTamperOfTimestampOrIdIsRejected(timestamp: String, id: String) {
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verify(headers(id: id, timestamp: timestamp))
        }
    }

    @Test(arguments: ["webhook-id", "webhook-timestamp"])
    func missingIdOrTimestampIsNamed(name: String) {
        let incomplete = TestSupport.replacing(name, with: nil, in: headers())
        #expect(throws: WebhookVerificationError.missingHeader(name)) {
            try verify(incomplete)
        }
    }

    @Test(arguments: ["", "1614265330.5", "+1614265330", "16142653300000"])
    func malformedTimestampIsRejected(timestamp: String) {
        #expect(throws: WebhookVerificationError.malformedHeader("webhook-timestamp")) {
            try verify(headers(timestamp: timestamp))
        }
    }

    @Test(arguments: [
        ("whsec_!!!!", WebhookSecretError.notBase64),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", .notBase64),
        ("whsec_" + Base64.encode(Array(repeating: 1, count: 23)), .keyLength(23)),
        ("whsec_" + Base64.encode(Array(repeating: 1, count: 65)), .keyLength(65)),
    ])
    func malformedSecretsAreRefused(secret: String, error: WebhookSecretError) {
        #expect(throws: error) { try StandardWebhookVerifier(secrets: [secret]) }
        #expect(throws: error) { try StandardWebhookSigner(secret: secret) }
    }

    @Test func secretWithoutPrefixIsTheSameKey() throws {
        let unprefixed = try StandardWebhookVerifier(secrets: [String(Self.secret.dropFirst("whsec_".count))])
        #expect(try unprefixed.verify(body: Self.body, headers: headers(), now: Self.signedAt).id == Self.id)
    }
}
