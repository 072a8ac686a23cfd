import Foundation
import HubKit
import Hummingbird
import Logging

/// A local stand-in for the part of Stripe's API the hub uses for card top-ups and refunds, written from
/// Stripe's documentation: PaymentIntents created and confirmed in one call, refunds, `Idempotency-Key`
/// replay, Stripe's error objects, and signed events to a webhook endpoint.
///
/// Outcomes follow `StripeTestPaymentMethod`'s table, keyed by the `payment_method` test token. The simulator
/// keeps its own truth (every PaymentIntent and refund, the money they moved and every webhook delivery
/// attempt), readable through `paymentIntents(since:)` and `refunds(since:)` and over HTTP at
/// `GET /sim/v1/transactions` and `GET /sim/v1/balances`.
///
/// ```swift
/// let simulator = StripeSimulator(configuration: .init(), webhookTransport: transport)
/// try await simulator.run(host: "127.0.0.1", port: 0) { port in print("Stripe on \(port)") }
/// ```
public final class StripeSimulator: LoopbackSimulator {
    public let configuration: StripeSimulatorConfiguration
    let book = StripeTransactionBook()
    let idempotency = StripeIdempotencyStore()
    let webhooks: StripeWebhookDispatcher

    /// - Parameter webhookTransport: carries the events; production passes the hub's libcurl transport.
    public init(configuration: StripeSimulatorConfiguration = StripeSimulatorConfiguration(), webhookTransport: any HTTPTransport) {
        self.configuration = configuration
        self.webhooks = StripeWebhookDispatcher(transport: webhookTransport, configuration: configuration, book: book)
    }

    /// The simulator's routes, for embedding or for `HummingbirdTesting`'s router test client.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addPaymentIntentRoutes(to: router)
        addRefundRoutes(to: router)
        addReportingRoutes(to: router)
        return router
    }

    public var serverName: String { "stripe-simulator" }

    /// Cancels every webhook delivery not yet made (retries included); the simulator sends none afterwards.
    public func shutdown() async {
        await webhooks.shutdown()
    }

    /// PaymentIntents created at or after `since` (all if `nil`), oldest first, each in its current state.
    public func paymentIntents(since: Date? = nil) async -> [StripeSimulatedPaymentIntent] {
        await book.paymentIntents(since: since)
    }

    /// One PaymentIntent by its `pi_…` id, in its current state.
    public func paymentIntent(id: String) async -> StripeSimulatedPaymentIntent? {
        await book.paymentIntent(id)
    }

    /// Refunds created at or after `since` (all if `nil`), oldest first.
    public func refunds(since: Date? = nil) async -> [StripeSimulatedRefund] {
        await book.refunds(since: since)
    }

    public func refund(id: String) async -> StripeSimulatedRefund? {
        await book.refund(id)
    }

    /// Every webhook delivery attempt so far, in the order they were sent.
    public func webhookDeliveries() async -> [StripeWebhookDelivery] {
        let intents = await book.paymentIntents(since: nil).flatMap(\.webhooks)
        let refunds = await book.refunds(since: nil).flatMap(\.webhooks)
        return (intents + refunds).sorted { $0.sentAt < $1.sentAt }
    }

    /// Money received by succeeded PaymentIntents minus money refunded, in one currency.
    public func netReceived(in currency: Currency) async -> Money {
        guard let totals = await book.totals().first(where: { $0.received.currency == currency }) else { return currency.zero }
        // Refunds never exceed what was received.
        return try! totals.received - totals.refunded
    }
}
