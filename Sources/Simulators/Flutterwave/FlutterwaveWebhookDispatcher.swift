import Foundation
import HubKit
import Webhooks

/// Sends webhooks through the injected transport and records every attempt on the charge or transfer it
/// is about.
///
/// Each event gets one task, owned here and cancelled by `shutdown()`. It goes to the dashboard endpoint
/// (with `verif-hash`, and `flutterwave-signature` when configured) and to a transfer's `callback_url`.
/// A delivery not answered 200 is retried `webhookRetries` times, `webhookRetryInterval` apart, each wait
/// `webhookRetryGrowth` times the one before.
actor FlutterwaveWebhookDispatcher {
    private let transport: any HTTPTransport
    private let configuration: FlutterwaveSimulatorConfiguration
    private let book: FlutterwaveTransactionBook
    private var pending: [Int: Task<Void, Never>] = [:]
    private var nextID = 0
    private var stopped = false

    init(transport: any HTTPTransport, configuration: FlutterwaveSimulatorConfiguration, book: FlutterwaveTransactionBook) {
        self.transport = transport
        self.configuration = configuration
        self.book = book
    }

    /// Sends the event `build` makes at `at` plus `webhookDelay`; `build` runs when the event falls due, so
    /// it reads the settled truth, and may decide there is no event. `callbackURL` is a transfer's own
    /// destination, called even without a dashboard endpoint.
    func schedule(
        at: ContinuousClock.Instant = .now, callbackURL: String? = nil,
        _ build: @escaping @Sendable (FlutterwaveTransactionBook) async -> FlutterwaveEvent?
    ) {
        guard !stopped, configuration.webhook != nil || callbackURL != nil else { return }
        let id = nextID
        nextID += 1
        let due = at + configuration.webhookDelay
        pending[id] = Task { [transport, configuration, book] in
            await Self.run(build, due: due, configuration: configuration, transport: transport, book: book)
            self.finished(id)
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

    private static func run(
        _ build: @Sendable (FlutterwaveTransactionBook) async -> FlutterwaveEvent?, due: ContinuousClock.Instant,
        configuration: FlutterwaveSimulatorConfiguration, transport: any HTTPTransport, book: FlutterwaveTransactionBook
    ) async {
        do { try await Task.sleep(until: due, clock: .continuous) } catch { return }
        guard let event = await build(book) else { return }
        let destinations = [configuration.webhook?.url, event.callbackURL].compactMap { $0 }
        for copy in 1...event.copies {
            for url in destinations {
                for attempt in 1...(1 + max(0, configuration.webhookRetries)) {
                    if attempt > 1 {
                        do { try await Task.sleep(for: wait(before: attempt, configuration)) } catch { return }
                    }
                    guard !Task.isCancelled else { return }
                    let delivery = await deliver(event, to: url, copy: copy, attempt: attempt, configuration, transport)
                    await book.appendDelivery(delivery, to: event.subject)
                    if delivery.acknowledged { break }
                }
            }
        }
    }

    /// The wait before `attempt` (2 or more): the interval times growth^(attempt - 2), capped.
    private static func wait(before attempt: Int, _ configuration: FlutterwaveSimulatorConfiguration) -> Duration {
        var wait = configuration.webhookRetryInterval
        for _ in 0..<min(attempt - 2, 20) { wait = wait * max(1, configuration.webhookRetryGrowth) }
        return wait
    }

    private static func deliver(
        _ event: FlutterwaveEvent, to url: String, copy: Int, attempt: Int,
        _ configuration: FlutterwaveSimulatorConfiguration, _ transport: any HTTPTransport
    ) async -> FlutterwaveWebhookDelivery {
        let sentAt = Date()
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: "application/json")]
        if let endpoint = configuration.webhook {
            headers += endpoint.verifHash.sign(body: event.body, id: "", timestamp: sentAt).fields
            if let signature = endpoint.signature {
                headers += signature.sign(body: event.body, id: "", timestamp: sentAt).fields
            }
        }
        let request = HubKit.HTTPRequest(
            method: "POST", url: url, headers: headers, body: Data(event.body),
            connectTimeout: .seconds(5), timeout: .seconds(60)
        )
        var status: Int?
        var failure: String?
        do {
            status = try await transport.send(request).status
        } catch {
            failure = error.description
        }
        return FlutterwaveWebhookDelivery(
            event: event.name, url: url, copy: copy, attempt: attempt, sentAt: sentAt,
            reportedStatus: event.reportedStatus, responseStatus: status, failure: failure
        )
    }
}
