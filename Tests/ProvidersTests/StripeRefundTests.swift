import Foundation
import Hub
import Testing
@testable import Providers

@Suite struct StripeRefundTests {
    typealias Support = StripeTestSupport
    let provider = Support.provider()
    static let refundReference = "rfd_5e6f7a8b9c0d4e1f"
    static let refundID = "re_3PqRsT2eZvKYlo2C1rEfUnD0"

    func refund(intentID: String? = Support.intentID, via transport: RecordingTransport) async throws(ProviderError) -> ProviderResult {
        try await provider.refund(RefundRequest(paymentID: Support.paymentID, reference: Self.refundReference,
                                                originalReference: Support.reference, originalProviderTransactionID: intentID,
                                                amount: Support.rwf(100_000)), context: transport.context())
    }

    static func answering(_ status: Int, _ fixture: String) -> RecordingTransport {
        RecordingTransport { _ in try! Fixtures.response(status, "stripe/\(fixture)") }
    }

    @Test func refundIsSentAsDocumented() async throws {
        let transport = Self.answering(200, "refund_succeeded.json")
        #expect(try await refund(via: transport) == .succeeded(providerTransactionID: Self.refundID))
        let request = try #require(transport.requests.only)
        #expect(request.method == "POST")
        #expect(request.url == "http://stripe.test/v1/refunds")
        #expect(request.header("Authorization") == "Bearer \(Support.secretKey)")
        #expect(request.header("Idempotency-Key") == Self.refundReference)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.form == [
            "payment_intent": Support.intentID, "amount": "100000", "metadata[reference]": Self.refundReference,
            "metadata[payment_id]": Support.paymentID.rawValue, "metadata[original_reference]": Support.reference,
        ])
    }

    @Test(arguments: [
        ("refund_succeeded.json", ProviderResult.succeeded(providerTransactionID: StripeRefundTests.refundID)),
        ("refund_pending.json", .pending(providerTransactionID: StripeRefundTests.refundID)),
        ("refund_failed.json", .failed(PaymentFailure(reason: .declined, providerCode: "expired_or_canceled_card",
                                                      message: "the refund could not be completed"))),
        ("refund_canceled.json", .failed(PaymentFailure(reason: .cancelled, providerCode: "canceled", message: "the refund was cancelled"))),
    ])
    func refundStatusesMap(fixture: String, expected: ProviderResult) async throws {
        #expect(try await refund(via: Self.answering(200, fixture)) == expected)
    }

    @Test func alreadyRefundedIsADefiniteFailure() async throws {
        let result = try await refund(via: Self.answering(400, "refund_already-refunded.json"))
        #expect(result == .failed(PaymentFailure(reason: .invalidRequest, providerCode: "charge_already_refunded",
                                                 message: "the provider refused the request as invalid")))
    }

    @Test func missingIntentIDIsNotSent() async throws {
        let transport = Self.answering(200, "refund_succeeded.json")
        await #expect { _ = try await refund(intentID: nil, via: transport) } throws: { ($0 as? ProviderError)?.kind == .notSent }
        #expect(transport.requests.isEmpty)
    }

    @Test(arguments: [(500, "payment_intent_api-error.json"), (409, "payment_intent_idempotency-error.json"),
                      (400, "payment_intent_idempotency-error.json"), (200, "payment_intent-search_empty.json")])
    func unknownRefundOutcomesAreAmbiguous(status: Int, fixture: String) async throws {
        await #expect { _ = try await refund(via: Self.answering(status, fixture)) } throws: {
            ($0 as? ProviderError)?.kind == .ambiguous
        }
    }
}
