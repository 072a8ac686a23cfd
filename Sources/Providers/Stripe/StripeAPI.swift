/// Stripe API wire types (`/v1`), as documented in Stripe's API reference. Only the fields the hub reads.

/// A PaymentIntent, as answered by create, retrieve and search, and carried by `payment_intent.*` events.
struct StripePaymentIntent: Decodable {
    /// `pi_…`.
    var id: String
    var status: String
    /// Smallest currency unit, which is the hub's minor unit for every currency this adapter takes.
    var amount: Int64?
    /// Lower case (`usd`, `rwf`).
    var currency: String?
    var metadata: [String: String]?
    /// Why the latest confirmation failed; set while the intent is back in `requires_payment_method`.
    var lastPaymentError: StripeError?

    enum CodingKeys: String, CodingKey {
        case id, status, amount, currency, metadata
        case lastPaymentError = "last_payment_error"
    }
}

/// Stripe's error object, alone in `{"error": …}` bodies and as a PaymentIntent's `last_payment_error`.
struct StripeError: Decodable {
    /// `card_error`, `invalid_request_error`, `idempotency_error`, `api_error`.
    var type: String
    /// `card_declined`, `expired_card`, `resource_missing`, …
    var code: String?
    /// For card declines, the issuer's reason (`insufficient_funds`, `generic_decline`, …).
    var declineCode: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case type, code, message
        case declineCode = "decline_code"
    }
}

struct StripeErrorBody: Decodable {
    var error: StripeError
}

/// `GET /v1/payment_intents/search` answer.
struct StripeSearchResult: Decodable {
    var data: [StripePaymentIntent]
}

/// `POST /v1/refunds` answer.
struct StripeRefund: Decodable {
    /// `re_…`.
    var id: String
    /// `pending`, `requires_action`, `succeeded`, `failed` or `canceled`.
    var status: String
    /// Set when `status` is `failed`.
    var failureReason: String?
    /// The refunded PaymentIntent (`pi_…`).
    var paymentIntent: String?
    /// What the hub sent: `reference` (the refund's), `original_reference` (the top-up's attempt), `payment_id`.
    var metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, status, metadata
        case failureReason = "failure_reason"
        case paymentIntent = "payment_intent"
    }
}

/// The `data.object` of a `charge.dispute.*` event.
struct StripeDispute: Decodable {
    var id: String
    /// In minor units of the charge's currency.
    var amount: Int64
    /// `warning_needs_response`, `needs_response`, `under_review`, `won`, `lost`, …
    var status: String
    var reason: String?
    var paymentIntent: String?

    enum CodingKeys: String, CodingKey {
        case id, amount, status, reason
        case paymentIntent = "payment_intent"
    }
}

/// An event's envelope, read before its `data.object`, whose shape depends on `type`.
struct StripeEventHeader: Decodable {
    /// `evt_…`, unique per event: the notification's dedupe key.
    var id: String
    var type: String
}

/// An event whose `data.object` is decoded as `Object`.
struct StripeEvent<Object: Decodable>: Decodable {
    struct Payload: Decodable { var object: Object }
    var data: Payload
}

/// A Charge, as carried by `charge.refunded`.
struct StripeCharge: Decodable {
    /// `ch_…`.
    var id: String
    /// The PaymentIntent the charge belongs to.
    var paymentIntent: String?
    var amount: Int64
    var amountRefunded: Int64
    /// True only once the whole amount has been refunded.
    var refunded: Bool
    var metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, amount, refunded, metadata
        case paymentIntent = "payment_intent"
        case amountRefunded = "amount_refunded"
    }
}

/// The two fields every API object has, for events the hub does not act on.
struct StripeObjectSummary: Decodable {
    var id: String?
    var metadata: [String: String]?
}
