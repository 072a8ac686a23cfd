import Foundation

/// One event as Stripe sends it to a webhook endpoint; `body` holds the exact bytes that are signed and sent.
struct StripeEvent: Sendable {
    /// The API request that caused an event; an event caused by time passing (settlement) has none.
    struct Origin: Sendable {
        let requestID: String
        let idempotencyKey: String?
    }

    let id: String
    let type: String
    /// The PaymentIntent (`pi_…`) or refund (`re_…`) whose truth records this event's deliveries.
    let subjectID: String
    let body: [UInt8]

    /// `{"id":"evt_…","object":"event","api_version",…,"data":{"object":…},"request":{"id","idempotency_key"},"type"}`.
    init(type: String, object: StripeJSON, subjectID: String, origin: Origin?, apiVersion: String, created: Date = Date()) {
        self.id = StripeIdentifier.make("evt")
        self.type = type
        self.subjectID = subjectID
        self.body = StripeJSON.object([
            ("id", .string(id)),
            ("object", .string("event")),
            ("api_version", .string(apiVersion)),
            ("created", StripeWire.unix(created)),
            ("data", .object([("object", object)])),
            ("livemode", .bool(false)),
            ("pending_webhooks", .integer(1)),
            ("request", .object([
                ("id", .optional(origin?.requestID)),
                ("idempotency_key", .optional(origin?.idempotencyKey)),
            ])),
            ("type", .string(type)),
        ]).bytes
    }

    /// The event a PaymentIntent's status calls for, if any: `payment_intent.succeeded`,
    /// `payment_intent.payment_failed` (a decline), `payment_intent.requires_action`,
    /// `payment_intent.processing`.
    static func forPaymentIntent(_ intent: StripeSimulatedPaymentIntent, origin: Origin?, apiVersion: String) -> StripeEvent? {
        let type: String
        switch intent.status {
        case .succeeded: type = "payment_intent.succeeded"
        case .requiresAction: type = "payment_intent.requires_action"
        case .processing: type = "payment_intent.processing"
        case .requiresPaymentMethod where intent.decline != nil: type = "payment_intent.payment_failed"
        case .requiresPaymentMethod, .requiresConfirmation, .requiresCapture: return nil
        }
        return StripeEvent(
            type: type, object: StripeWire.paymentIntent(intent), subjectID: intent.id, origin: origin, apiVersion: apiVersion
        )
    }
}
