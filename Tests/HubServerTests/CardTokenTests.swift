import Foundation
import Hub
import Testing
@testable import HubServer

/// A card counterparty carries its provider's token, whatever that provider's format; never a card number.
@Suite struct CardTokenTests {
    func parse(_ token: String) throws(Problem) -> PaymentRequest {
        let body = Data(#"{"wallet_id":"w1","amount":2000,"currency":"UGX","source":{"type":"card","payment_method":"\#(token)"}}"#.utf8)
        return try PaymentRequestBody.parse(body, kind: .topUp, idempotencyKey: "k1")
    }

    @Test(arguments: ["pm_card_visa", "flw-t1nf-5531886652142950-m03k", "tok_1PqRsT2eZvKYlo2C"])
    func everyProvidersTokenIsAccepted(token: String) throws {
        #expect(try parse(token).counterparty == .card(paymentMethod: token))
    }

    @Test(arguments: ["4242424242424242", "5531 8866 5214 2950", "pm", "pm_card visa", "pm_card_visa\u{0}", String(repeating: "a", count: 256)])
    func cardNumbersAndMalformedTokensAreRefused(token: String) {
        #expect(throws: Problem.self) { try parse(token) }
    }
}
