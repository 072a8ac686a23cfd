import Foundation
import Hub
import Testing
@testable import Providers

@Suite struct StripeMappingTests {
    /// Every documented decline code and card error code, with the hub reason it must map to.
    static let table: [(String, FailureReason)] = [
        ("approve_with_id", .declined), ("authentication_required", .authenticationRequired), ("call_issuer", .declined),
        ("card_decline_rate_limit_exceeded", .limitExceeded), ("card_declined", .declined),
        ("card_not_supported", .notAllowed), ("card_velocity_exceeded", .limitExceeded),
        ("currency_not_supported", .notAllowed), ("do_not_honor", .declined), ("do_not_try_again", .declined),
        ("duplicate_transaction", .declined), ("expired_card", .expired), ("fraudulent", .declined),
        ("generic_decline", .declined), ("incorrect_cvc", .invalidRequest), ("incorrect_number", .invalidRequest),
        ("incorrect_pin", .invalidRequest), ("incorrect_zip", .invalidRequest), ("insufficient_funds", .insufficientFunds),
        ("invalid_account", .accountNotFound), ("invalid_amount", .invalidRequest), ("invalid_cvc", .invalidRequest),
        ("invalid_expiry_month", .invalidRequest), ("invalid_expiry_year", .invalidRequest),
        ("invalid_number", .invalidRequest), ("invalid_pin", .invalidRequest), ("issuer_not_available", .providerError),
        ("lost_card", .declined), ("merchant_blacklist", .declined), ("new_account_information_available", .declined),
        ("no_action_taken", .declined), ("not_permitted", .notAllowed), ("offline_pin_required", .authenticationRequired),
        ("online_or_offline_pin_required", .authenticationRequired), ("pickup_card", .declined),
        ("pin_try_exceeded", .limitExceeded), ("processing_error", .providerError), ("reenter_transaction", .providerError),
        ("restricted_card", .declined), ("revocation_of_all_authorizations", .declined),
        ("revocation_of_authorization", .declined), ("security_violation", .declined), ("service_not_allowed", .notAllowed),
        ("stolen_card", .declined), ("stop_payment_order", .declined), ("testmode_decline", .declined),
        ("transaction_not_allowed", .notAllowed), ("try_again_later", .providerError),
        ("withdrawal_count_limit_exceeded", .limitExceeded), ("a_code_stripe_adds_later", .declined),
    ]

    @Test func tableCoversEveryKnownCode() {
        let tabled = Set(Self.table.map(\.0))
        #expect(Set(StripeDeclineCode.allCases.map(\.rawValue)).isSubset(of: tabled))
        #expect(tabled.count == StripeDeclineCode.allCases.count + 1)
    }

    /// A 402 `card_error` as Stripe sends it for a decline: `code` `card_declined` and the issuer's `decline_code`.
    @Test(arguments: table)
    func everyDeclineCodeMapsFromA402(code: String, reason: FailureReason) async throws {
        let body = #"{"error":{"type":"card_error","code":"card_declined","decline_code":"\#(code)","message":"Your card was declined."}}"#
        let transport = RecordingTransport { _ in HTTPResponse(status: 402, body: Data(body.utf8)) }
        let result = try await StripeTestSupport.provider().collect(StripeTestSupport.collectRequest(StripeTestSupport.rwf(10)),
                                                                    context: transport.context())
        #expect(result == .failed(PaymentFailure(reason: reason, providerCode: code, message: reason.stripeMessage)))
    }

    @Test func errorCodeIsUsedWhenThereIsNoDeclineCode() throws {
        let error = try JSONDecoder().decode(StripeErrorBody.self, from: Data(
            #"{"error":{"type":"card_error","code":"incorrect_cvc","message":"Your card's security code is incorrect."}}"#.utf8)).error
        #expect(error.failure == PaymentFailure(reason: .invalidRequest, providerCode: "incorrect_cvc", message: "the card details are incorrect"))
        #expect(StripeCardFailure(code: "brand_new_code") == .unrecognized("brand_new_code"))
        #expect(StripeCardFailure(code: "lost_card") == .known(.lostCard))
    }

    @Test func unknownIntentStatusIsNotAResult() throws {
        let intent = try JSONDecoder().decode(StripePaymentIntent.self, from: Data(#"{"id":"pi_1","status":"requires_source"}"#.utf8))
        #expect(intent.result() == nil)
    }

    @Test func everyHubReasonHasACardMessage() {
        let messages = FailureReason.allCases.map(\.stripeMessage)
        #expect(Set(messages).count == FailureReason.allCases.count)
        #expect(messages.allSatisfy { !$0.isEmpty })
    }

    @Test func formEncodesBracketsAndReservedCharacters() {
        var form = StripeForm()
        form.append("description", "Top-up & more = 100%")
        form.appendMetadata(["reference": "a b", "payment_id": "pay_1"])
        #expect(form.encoded == "description=Top-up%20%26%20more%20%3D%20100%25&metadata%5Bpayment_id%5D=pay_1&metadata%5Breference%5D=a%20b")
    }
}
