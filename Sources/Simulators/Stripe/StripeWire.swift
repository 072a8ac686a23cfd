import Foundation
import HubKit

/// Stripe's objects as the API writes them, from the simulator's truth.
enum StripeWire {
    static func unix(_ date: Date) -> StripeJSON {
        .integer(Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    static func amount(_ money: Money) -> StripeJSON {
        .integer(money.minorUnits)
    }

    static func currency(_ money: Money) -> StripeJSON {
        .string(money.currency.code.lowercased())
    }

    static func paymentIntent(_ intent: StripeSimulatedPaymentIntent) -> StripeJSON {
        let capturable = intent.status == .requiresCapture ? intent.amount.minorUnits : 0
        return .object([
            ("id", .string(intent.id)),
            ("object", .string("payment_intent")),
            ("amount", amount(intent.amount)),
            ("amount_capturable", .integer(capturable)),
            ("amount_received", amount(intent.amountReceived)),
            ("canceled_at", .null),
            ("cancellation_reason", .null),
            ("capture_method", .string(intent.captureMethod)),
            ("client_secret", .string(intent.clientSecret)),
            ("confirmation_method", .string(intent.confirmationMethod)),
            ("created", unix(intent.createdAt)),
            ("currency", currency(intent.amount)),
            ("customer", .null),
            ("description", .optional(intent.description)),
            ("last_payment_error", intent.decline.map { lastPaymentError($0, of: intent) } ?? .null),
            ("latest_charge", .optional(intent.latestCharge)),
            ("livemode", .bool(false)),
            ("metadata", .strings(intent.metadata)),
            ("next_action", intent.status == .requiresAction ? nextAction(for: intent) : .null),
            ("payment_method", .optional(intent.paymentMethodID)),
            ("payment_method_types", .array([.string("card")])),
            ("status", .string(intent.status.rawValue)),
        ])
    }

    /// The PaymentIntent's `last_payment_error`: the card error's fields without `payment_intent`.
    static func lastPaymentError(_ decline: StripeCardDecline, of intent: StripeSimulatedPaymentIntent) -> StripeJSON {
        cardError(decline, of: intent, embeddingIntent: false).body["error"] ?? .null
    }

    /// The 402 answer of a declined confirmation: a `card_error` carrying the PaymentIntent, now back in
    /// `requires_payment_method`.
    static func cardError(
        _ decline: StripeCardDecline, of intent: StripeSimulatedPaymentIntent, embeddingIntent: Bool = true
    ) -> StripeAPIError {
        var details: [(String, StripeJSON)] = [
            ("charge", .optional(intent.latestCharge)),
            ("decline_code", .string(decline.declineCode)),
        ]
        if embeddingIntent { details.append(("payment_intent", paymentIntent(intent))) }
        details.append(("payment_method", paymentMethod(intent)))
        return StripeAPIError(.init(code: 402, reasonPhrase: "Payment Required"), type: "card_error", code: decline.code, message: decline.message, details: details)
    }

    static func paymentMethod(_ intent: StripeSimulatedPaymentIntent) -> StripeJSON {
        guard let id = intent.paymentMethodID, let method = intent.testPaymentMethod else { return .null }
        return .object([
            ("id", .string(id)),
            ("object", .string("payment_method")),
            ("card", .object([("brand", .string(method.card.brand)), ("last4", .string(method.card.last4))])),
            ("livemode", .bool(false)),
            ("type", .string("card")),
        ])
    }

    private static func nextAction(for intent: StripeSimulatedPaymentIntent) -> StripeJSON {
        .object([
            ("type", .string("use_stripe_sdk")),
            ("use_stripe_sdk", .object([
                ("type", .string("three_d_secure_redirect")),
                ("stripe_js", .string("https://hooks.stripe.com/redirect/authenticate/\(intent.id)")),
            ])),
        ])
    }

    /// The charge of a succeeded PaymentIntent after `refunds`; `refunded` is true only once fully refunded.
    static func charge(of intent: StripeSimulatedPaymentIntent, chargeID: String) -> StripeJSON {
        .object([
            ("id", .string(chargeID)),
            ("object", .string("charge")),
            ("amount", amount(intent.amount)),
            ("amount_captured", amount(intent.amountReceived)),
            ("amount_refunded", amount(intent.amountRefunded)),
            ("captured", .bool(true)),
            ("created", unix(intent.createdAt)),
            ("currency", currency(intent.amount)),
            ("failure_code", .null),
            ("failure_message", .null),
            ("livemode", .bool(false)),
            ("metadata", .strings(intent.metadata)),
            ("paid", .bool(true)),
            ("payment_intent", .string(intent.id)),
            ("payment_method", .optional(intent.paymentMethodID)),
            ("refunded", .bool(intent.amountRefunded == intent.amountReceived)),
            ("status", .string("succeeded")),
        ])
    }

    static func refund(_ refund: StripeSimulatedRefund) -> StripeJSON {
        .object([
            ("id", .string(refund.id)),
            ("object", .string("refund")),
            ("amount", amount(refund.amount)),
            ("balance_transaction", .string("txn_" + refund.id.dropFirst(3))),
            ("charge", .string(refund.chargeID)),
            ("created", unix(refund.createdAt)),
            ("currency", currency(refund.amount)),
            ("destination_details", .object([("card", .object([("type", .string("refund"))])), ("type", .string("card"))])),
            ("metadata", .strings(refund.metadata)),
            ("payment_intent", .string(refund.paymentIntentID)),
            ("reason", .optional(refund.reason)),
            ("receipt_number", .null),
            ("source_transfer_reversal", .null),
            ("status", .string("succeeded")),
            ("transfer_reversal", .null),
        ])
    }
}
