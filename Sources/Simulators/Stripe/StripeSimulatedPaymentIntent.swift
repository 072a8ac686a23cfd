import Foundation
import HubKit

/// The PaymentIntent statuses of Stripe's lifecycle that the simulator produces.
public enum StripePaymentIntentStatus: String, Sendable, Hashable {
    case requiresPaymentMethod = "requires_payment_method"
    case requiresConfirmation = "requires_confirmation"
    case requiresAction = "requires_action"
    case processing
    case requiresCapture = "requires_capture"
    case succeeded
}

/// The simulator's own truth about one PaymentIntent: what it was asked, how it ended, what was refunded
/// and which webhook deliveries concerned it.
public struct StripeSimulatedPaymentIntent: Sendable, Hashable {
    /// `pi_…`.
    public let id: String
    /// The amount asked, in the currency's minor units (whole francs for RWF).
    public let amount: Money
    public internal(set) var status: StripePaymentIntentStatus
    /// The test token the client sent (`pm_card_visa`), if any.
    public let testPaymentMethod: StripeTestPaymentMethod?
    /// The PaymentMethod id Stripe-style answers carry (`pm_…`, generated: not the test token).
    public let paymentMethodID: String?
    /// `automatic` (the default), `automatic_async` or `manual`.
    public let captureMethod: String
    /// `automatic` (the default) or `manual`.
    public let confirmationMethod: String
    public let metadata: [String: String]
    public let description: String?
    public let clientSecret: String
    public let createdAt: Date
    /// The charge (`ch_…`) of a confirmed attempt, succeeded, pending or failed; `nil` before confirmation
    /// and while authentication is required.
    public let latestCharge: String?
    /// Why the last attempt was declined; `nil` unless declined.
    public let decline: StripeCardDecline?
    /// The money taken: the amount once succeeded, zero before.
    public internal(set) var amountReceived: Money
    /// The sum of the refunds against this PaymentIntent's charge.
    public internal(set) var amountRefunded: Money
    /// The `Idempotency-Key` of the creating request, if it had one.
    public let idempotencyKey: String?
    public internal(set) var webhooks: [StripeWebhookDelivery]
}

/// The simulator's truth about one refund (always `succeeded`: the simulator has no failing refunds).
public struct StripeSimulatedRefund: Sendable, Hashable {
    /// `re_…`.
    public let id: String
    public let paymentIntentID: String
    public let chargeID: String
    public let amount: Money
    public let reason: String?
    public let metadata: [String: String]
    public let createdAt: Date
    public let idempotencyKey: String?
    /// The deliveries of the `charge.refunded` event this refund caused.
    public internal(set) var webhooks: [StripeWebhookDelivery]
}

/// One attempt to deliver one copy of one event.
public struct StripeWebhookDelivery: Sendable, Hashable {
    /// `evt_…`; the same for every attempt and every duplicate copy of an event.
    public let eventID: String
    /// `payment_intent.succeeded`, `charge.refunded`, …
    public let type: String
    /// 1 for the first copy of the event, 2 for a configured duplicate, and so on.
    public let copy: Int
    /// 1 for the first try of a copy, 2 for its first retry, and so on.
    public let attempt: Int
    public let sentAt: Date
    /// The receiver's HTTP status, or `nil` when the transport failed.
    public let responseStatus: Int?
    /// The transport's failure, when there was one.
    public let failure: String?

    /// Whether the receiver acknowledged this attempt with a 2xx.
    public var acknowledged: Bool { responseStatus.map { (200..<300).contains($0) } ?? false }
}
