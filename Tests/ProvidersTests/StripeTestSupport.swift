import Foundation
import Hub
@testable import Providers

/// A Stripe adapter pointed at a test address, and the values its tests share.
enum StripeTestSupport {
    static let secretKey = "sk_test_51Fixture0SecretKey0NeverLogged"
    static let webhookSecret = "whsec_fixture0current0secret"
    static let reference = "att_7d1c9e2a4b6f4e0d8a3c5b7e9f1a2c4d"
    static let paymentID = PaymentID(rawValue: "pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9")
    static let intentID = "pi_3PqRsT2eZvKYlo2C1xYzAbCd"

    static func provider(webhookSecrets: [String] = [webhookSecret]) -> StripeProvider {
        StripeProvider(configuration: StripeConfiguration(baseURL: "http://stripe.test/", secretKey: secretKey,
                                                          webhookSecrets: webhookSecrets))
    }

    static func collectRequest(_ amount: Money, payer: Counterparty = .card(paymentMethod: "pm_card_visa")) -> CollectRequest {
        CollectRequest(paymentID: paymentID, reference: reference, amount: amount, payer: payer,
                       callbackURL: "http://hub.test/webhooks/stripe", description: "Miliano top-up")
    }

    static func rwf(_ minorUnits: Int64) -> Money { try! Money.positive(minorUnits: minorUnits, currency: .RWF) }
}

extension HTTPRequest {
    /// The body decoded as `application/x-www-form-urlencoded`, names and values unescaped.
    var form: [String: String] {
        guard let body, let text = String(data: body, encoding: .utf8), !text.isEmpty else { return [:] }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return fields
    }
}
