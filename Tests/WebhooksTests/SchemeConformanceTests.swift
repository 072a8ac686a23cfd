import Foundation
import Testing
@testable import Webhooks

/// Properties every scheme must have: round trip, rotation, fail-closed configuration and rejection of a
/// wrong secret, a tampered body or signature, a missing or garbled header and an empty body.
@Suite struct SchemeConformanceTests {
    let body = TestSupport.body
    let now = TestSupport.sentAt

    @Test(arguments: SchemeCase.all)
    func signedDeliveryVerifies(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let result = try scheme.verifier([scheme.newSecret]).verify(body: body, headers: headers, now: now)
        #expect(result.secretIndex == 0)
        #expect(result.bodySigned == scheme.bodySigned)
    }

    @Test(arguments: SchemeCase.all)
    func eitherRotatedSecretVerifies(scheme: SchemeCase) throws {
        let verifier = try scheme.verifier([scheme.oldSecret, scheme.newSecret])
        let old = try verifier.verify(body: body, headers: scheme.headers(for: body, secret: scheme.oldSecret), now: now)
        let new = try verifier.verify(body: body, headers: scheme.headers(for: body, secret: scheme.newSecret), now: now)
        #expect(old.secretIndex == 0)
        #expect(new.secretIndex == 1)
    }

    @Test(arguments: SchemeCase.all)
    func wrongSecretIsRejected(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.oldSecret)
        let verifier = try scheme.verifier([scheme.newSecret])
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier.verify(body: body, headers: headers, now: now)
        }
    }

    @Test(arguments: SchemeCase.all)
    func noSecretRejectsEvenAValidDelivery(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let verifier = try scheme.verifier([])
        #expect(throws: WebhookVerificationError.noSecretConfigured) {
            try verifier.verify(body: body, headers: headers, now: now)
        }
    }

    @Test(arguments: SchemeCase.all)
    func emptySecretIsRefusedAtConstruction(scheme: SchemeCase) {
        #expect(throws: WebhookSecretError.empty) { try scheme.verifier([scheme.newSecret, ""]) }
        #expect(throws: WebhookSecretError.empty) { try scheme.signer("") }
    }

    @Test(arguments: SchemeCase.all, [0, 17, TestSupport.body.count - 1])
    func oneByteBodyTamperIsRejectedWhenTheBodyIsSigned(scheme: SchemeCase, index: Int) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let verifier = try scheme.verifier([scheme.newSecret])
        let tampered = TestSupport.tampered(body, at: index)
        if scheme.bodySigned {
            #expect(throws: WebhookVerificationError.signatureMismatch) {
                try verifier.verify(body: tampered, headers: headers, now: now)
            }
        } else {
            #expect(try verifier.verify(body: tampered, headers: headers, now: now).bodySigned == false)
        }
    }

    @Test(arguments: SchemeCase.all)
    func oneCharacterSignatureTamperIsRejected(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let value = try #require(headers[scheme.signatureHeader])
        let tampered = TestSupport.tampered(value, at: value.count / 2)
        let verifier = try scheme.verifier([scheme.newSecret])
        #expect(throws: WebhookVerificationError.signatureMismatch) {
            try verifier.verify(
                body: body, headers: TestSupport.replacing(scheme.signatureHeader, with: tampered, in: headers), now: now)
        }
    }

    @Test(arguments: SchemeCase.all)
    func missingSignatureHeaderIsNamed(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let verifier = try scheme.verifier([scheme.newSecret])
        #expect(throws: WebhookVerificationError.missingHeader(scheme.signatureHeader)) {
            try verifier.verify(
                body: body, headers: TestSupport.replacing(scheme.signatureHeader, with: nil, in: headers), now: now)
        }
    }

    @Test(arguments: SchemeCase.all)
    func garbledSignatureHeaderIsRejected(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: body, secret: scheme.newSecret)
        let garbled = TestSupport.replacing(scheme.signatureHeader, with: scheme.garbledValue, in: headers)
        let verifier = try scheme.verifier([scheme.newSecret])
        #expect(throws: scheme.garbledError) { try verifier.verify(body: body, headers: garbled, now: now) }
    }

    @Test(arguments: SchemeCase.all)
    func emptyBodyIsRejectedEvenWhenSigned(scheme: SchemeCase) throws {
        let headers = try scheme.headers(for: [], secret: scheme.newSecret)
        let verifier = try scheme.verifier([scheme.newSecret])
        #expect(throws: WebhookVerificationError.emptyBody) { try verifier.verify(body: [], headers: headers, now: now) }
    }

    @Test(arguments: SchemeCase.all)
    func headerNamesMatchInAnyCase(scheme: SchemeCase) throws {
        let signed = try scheme.headers(for: body, secret: scheme.newSecret)
        let shouted = WebhookHeaders(signed.fields.map { (name: $0.name.uppercased(), value: $0.value) })
        #expect(try scheme.verifier([scheme.newSecret]).verify(body: body, headers: shouted, now: now).secretIndex == 0)
    }
}
