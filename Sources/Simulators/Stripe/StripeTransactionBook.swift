import Foundation
import HubKit

/// Every PaymentIntent and refund the simulator executed, and the webhook deliveries about them.
///
/// Settlement is lazy and deterministic, as in the MoMo simulator: a `processing` PaymentIntent whose
/// settle time has passed becomes `succeeded` the next time anything reads the book.
actor StripeTransactionBook {
    private struct Entry {
        var intent: StripeSimulatedPaymentIntent
        /// When a `processing` intent succeeds; `nil` once settled or for any other status.
        var settlesAt: ContinuousClock.Instant?
    }

    /// A refund as validated, before the book checks it against the PaymentIntent.
    struct RefundRequest: Sendable {
        let paymentIntentID: String
        /// Minor units; `nil` refunds all that remains.
        let amount: Int64?
        let reason: String?
        let metadata: [String: String]
    }

    private var intents: [String: Entry] = [:]
    private var intentOrder: [String] = []
    private var charges: [String: String] = [:]
    private var refunds: [String: StripeSimulatedRefund] = [:]
    private var refundOrder: [String] = []

    func record(_ intent: StripeSimulatedPaymentIntent, settlesAt: ContinuousClock.Instant?) {
        intents[intent.id] = Entry(intent: intent, settlesAt: settlesAt)
        intentOrder.append(intent.id)
        if let charge = intent.latestCharge { charges[charge] = intent.id }
    }

    func paymentIntent(_ id: String) -> StripeSimulatedPaymentIntent? {
        settleDue()
        return intents[id]?.intent
    }

    /// The PaymentIntent whose charge is `chargeID`.
    func paymentIntent(charge chargeID: String) -> StripeSimulatedPaymentIntent? {
        charges[chargeID].flatMap { paymentIntent($0) }
    }

    func paymentIntents(since: Date?) -> [StripeSimulatedPaymentIntent] {
        settleDue()
        return intentOrder.compactMap { intents[$0]?.intent }.filter { since == nil || $0.createdAt >= since! }
    }

    func refund(_ id: String) -> StripeSimulatedRefund? {
        refunds[id]
    }

    func refunds(since: Date?) -> [StripeSimulatedRefund] {
        refundOrder.compactMap { refunds[$0] }.filter { since == nil || $0.createdAt >= since! }
    }

    /// Refunds part or all of what remains of a succeeded PaymentIntent, atomically with the checks:
    /// the intent must have succeeded, something must remain, and the amount must not exceed it.
    func refund(_ request: RefundRequest, idempotencyKey: String?) throws(StripeAPIError) -> (StripeSimulatedRefund, StripeSimulatedPaymentIntent) {
        settleDue()
        guard var intent = intents[request.paymentIntentID]?.intent else {
            throw .noSuch("payment_intent", request.paymentIntentID, param: "payment_intent", status: .badRequest)
        }
        guard intent.status == .succeeded, let chargeID = intent.latestCharge else {
            throw .invalidRequest(
                "This PaymentIntent (\(intent.id)) does not have a successful charge to refund.",
                param: "payment_intent", code: "payment_intent_unexpected_state"
            )
        }
        let remaining = intent.amountReceived.minorUnits - intent.amountRefunded.minorUnits
        guard remaining > 0 else {
            throw .invalidRequest("Charge \(chargeID) has already been refunded.", code: "charge_already_refunded")
        }
        let wanted = request.amount ?? remaining
        guard wanted <= remaining else {
            throw .invalidRequest(
                "Refund amount (\(wanted)) is greater than unrefunded amount on charge (\(remaining)).",
                param: "amount", code: "amount_too_large"
            )
        }
        let currency = intent.amount.currency
        // 0 < wanted <= remaining, and both totals are non-negative minor units of one currency.
        let amount = try! Money.positive(minorUnits: wanted, currency: currency)
        intent.amountRefunded = try! intent.amountRefunded + amount
        intents[intent.id]?.intent = intent
        let refund = StripeSimulatedRefund(
            id: StripeIdentifier.make("re"), paymentIntentID: intent.id, chargeID: chargeID, amount: amount,
            reason: request.reason, metadata: request.metadata, createdAt: Date(),
            idempotencyKey: idempotencyKey, webhooks: []
        )
        refunds[refund.id] = refund
        refundOrder.append(refund.id)
        return (refund, intent)
    }

    /// Records a delivery on the PaymentIntent or refund the event is about.
    func appendDelivery(_ delivery: StripeWebhookDelivery, to subjectID: String) {
        if intents[subjectID] != nil {
            intents[subjectID]?.intent.webhooks.append(delivery)
        } else {
            refunds[subjectID]?.webhooks.append(delivery)
        }
    }

    /// Per currency: the money received by succeeded PaymentIntents and the money refunded.
    func totals() -> [(received: Money, refunded: Money)] {
        settleDue()
        var byCurrency: [Currency: (received: Money, refunded: Money)] = [:]
        for intent in intents.values.map(\.intent) where intent.amountReceived.minorUnits > 0 {
            let zero = (received: intent.amount.currency.zero, refunded: intent.amount.currency.zero)
            let current = byCurrency[intent.amount.currency] ?? zero
            // Sums of recorded amounts of one currency; a simulator run stays far below Int64.max.
            byCurrency[intent.amount.currency] = (
                try! current.received + intent.amountReceived, try! current.refunded + intent.amountRefunded
            )
        }
        return byCurrency.keys.sorted { $0.code < $1.code }.map { byCurrency[$0]! }
    }

    private func settleDue() {
        let now = ContinuousClock.now
        for id in intentOrder {
            guard let entry = intents[id], let settlesAt = entry.settlesAt, settlesAt <= now else { continue }
            intents[id]?.settlesAt = nil
            intents[id]?.intent.status = .succeeded
            intents[id]?.intent.amountReceived = entry.intent.amount
        }
    }
}

extension Currency {
    /// Zero minor units, which `Money` never refuses.
    var zero: Money { try! Money(minorUnits: 0, currency: self) }
}
