import Foundation
import Testing
@testable import Webhooks

/// One webhook scheme as the shared conformance suite sees it: how to build its verifier and signer, two
/// valid secrets for rotation, and what a garbled header yields.
struct SchemeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let oldSecret: String
    let newSecret: String
    let signatureHeader: String
    let bodySigned: Bool
    let garbledValue: String
    let garbledError: WebhookVerificationError
    let verifier: @Sendable ([String]) throws(WebhookSecretError) -> any WebhookVerifier
    let signer: @Sendable (String) throws(WebhookSecretError) -> any WebhookSigner

    var testDescription: String { name }

    static let all: [SchemeCase] = [
        SchemeCase(
            name: "Stripe", oldSecret: "whsec_old_5f2b8c", newSecret: "whsec_new_91ad47",
            signatureHeader: "stripe-signature", bodySigned: true,
            garbledValue: "v1=00ff", garbledError: .malformedHeader("stripe-signature"),
            verifier: { secrets throws(WebhookSecretError) in try StripeWebhookVerifier(secrets: secrets) },
            signer: { secret throws(WebhookSecretError) in try StripeWebhookSigner(secret: secret) }),
        SchemeCase(
            name: "Standard Webhooks", oldSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            newSecret: "whsec_" + Base64.encode(Array(repeating: 7, count: 32)),
            signatureHeader: "webhook-signature", bodySigned: true,
            garbledValue: "v1:g0hM9SsE", garbledError: .malformedHeader("webhook-signature"),
            verifier: { secrets throws(WebhookSecretError) in try StandardWebhookVerifier(secrets: secrets) },
            signer: { secret throws(WebhookSecretError) in try StandardWebhookSigner(secret: secret) }),
        SchemeCase(
            name: "Paystack", oldSecret: "sk_test_old_0c1d", newSecret: "sk_test_new_77e2",
            signatureHeader: "x-paystack-signature", bodySigned: true,
            garbledValue: "not-hex", garbledError: .malformedHeader("x-paystack-signature"),
            verifier: { secrets throws(WebhookSecretError) in try PaystackWebhookVerifier(secretKeys: secrets) },
            signer: { secret throws(WebhookSecretError) in try PaystackWebhookSigner(secretKey: secret) }),
        SchemeCase(
            name: "Flutterwave", oldSecret: "flw-hash-old-3a9", newSecret: "flw-hash-new-c41",
            signatureHeader: "flutterwave-signature", bodySigned: true,
            garbledValue: "%%%", garbledError: .signatureMismatch,
            verifier: { secrets throws(WebhookSecretError) in try FlutterwaveWebhookVerifier(secretHashes: secrets) },
            signer: { secret throws(WebhookSecretError) in try FlutterwaveWebhookSigner(secretHash: secret) }),
        SchemeCase(
            name: "Flutterwave v3", oldSecret: "flw-v3-old-8d2", newSecret: "flw-v3-new-e05",
            signatureHeader: "verif-hash", bodySigned: false,
            garbledValue: "", garbledError: .malformedHeader("verif-hash"),
            verifier: { secrets throws(WebhookSecretError) in try FlutterwaveV3WebhookVerifier(secretHashes: secrets) },
            signer: { secret throws(WebhookSecretError) in try FlutterwaveV3WebhookSigner(secretHash: secret) }),
    ]

    /// Headers for `body` signed with `secret` at `TestSupport.sentAt`.
    func headers(for body: [UInt8], secret: String) throws -> WebhookHeaders {
        try signer(secret).sign(body: body, id: "msg_2x7Lq0", timestamp: TestSupport.sentAt)
    }
}
