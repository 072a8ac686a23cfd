import Foundation
import HubKit
import Webhooks

/// Sends events to the configured endpoint through the injected transport, signed with `Stripe-Signature`,
/// and records every attempt on the PaymentIntent or refund the event is about.
///
/// Each event gets one task, owned here and cancelled by `shutdown()`. A copy that is not answered with a
/// 2xx is retried `retries` times, waiting `retryBackoff`, then twice that, and so on; each attempt is signed
/// afresh with the current time. With `copies` above 1 the whole delivery is repeated with the same event
/// id, as Stripe occasionally delivers an event twice.
actor StripeWebhookDispatcher {
    private let transport: any HTTPTransport
    private let endpoint: StripeWebhookEndpoint?
    private let configuration: StripeSimulatorConfiguration
    private let book: StripeTransactionBook
    private var pending: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var stopped = false

    init(transport: any HTTPTransport, configuration: StripeSimulatorConfiguration, book: StripeTransactionBook) {
        self.transport = transport
        self.endpoint = configuration.webhook
        self.configuration = configuration
        self.book = book
    }

    /// Sends the event `build` makes at `at` plus `webhookDelay`; `build` runs when the event falls due
    /// (so a settled PaymentIntent is read after it settled) and may decide there is no event.
    func schedule(at: ContinuousClock.Instant = .now, _ build: @escaping @Sendable (StripeTransactionBook) async -> StripeEvent?) {
        guard let endpoint, !stopped else { return }
        let id = nextID
        nextID += 1
        let due = at + configuration.webhookDelay
        pending[id] = Task { [transport, configuration, book] in
            await Self.run(build, due: due, endpoint: endpoint, configuration: configuration, transport: transport, book: book)
            self.finished(id)
        }
    }

    private static func run(
        _ build: @Sendable (StripeTransactionBook) async -> StripeEvent?, due: ContinuousClock.Instant,
        endpoint: StripeWebhookEndpoint, configuration: StripeSimulatorConfiguration, transport: any HTTPTransport,
        book: StripeTransactionBook
    ) async {
        do { try await Task.sleep(until: due, clock: .continuous) } catch { return }
        guard let event = await build(book) else { return }
        for copy in 1...max(1, configuration.webhookCopies) {
            for attempt in 1...(1 + max(0, configuration.webhookRetries)) {
                if attempt > 1 {
                    let wait = configuration.webhookRetryBackoff * (1 << min(attempt - 2, 20))
                    do { try await Task.sleep(for: wait) } catch { return }
                }
                guard !Task.isCancelled else { return }
                let delivery = await deliver(event, copy: copy, attempt: attempt, to: endpoint, transport: transport)
                await book.appendDelivery(delivery, to: event.subjectID)
                if delivery.acknowledged { break }
            }
        }
    }

    /// Cancels every delivery not yet made; later schedules are ignored.
    func shutdown() {
        stopped = true
        for task in pending.values { task.cancel() }
        pending.removeAll()
    }

    private func finished(_ id: Int) {
        pending[id] = nil
    }

    private static func deliver(
        _ event: StripeEvent, copy: Int, attempt: Int, to endpoint: StripeWebhookEndpoint, transport: any HTTPTransport
    ) async -> StripeWebhookDelivery {
        let sentAt = Date()
        let signature = endpoint.signer.sign(body: event.body, id: event.id, timestamp: sentAt)
        let request = HubKit.HTTPRequest(
            method: "POST", url: endpoint.url,
            headers: [
                (name: "Content-Type", value: "application/json; charset=utf-8"),
                (name: "User-Agent", value: "Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
            ] + signature.fields,
            body: Data(event.body), connectTimeout: .seconds(2), timeout: .seconds(5)
        )
        do {
            let response = try await transport.send(request)
            return StripeWebhookDelivery(
                eventID: event.id, type: event.type, copy: copy, attempt: attempt, sentAt: sentAt,
                responseStatus: response.status, failure: nil
            )
        } catch {
            return StripeWebhookDelivery(
                eventID: event.id, type: event.type, copy: copy, attempt: attempt, sentAt: sentAt,
                responseStatus: nil, failure: error.description
            )
        }
    }
}
