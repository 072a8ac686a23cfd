import Foundation
import Logging
import Webhooks

/// Delivers outbox events to the wallet backend, signed the Standard Webhooks way.
///
/// Each event is POSTed with a stable `webhook-id` (its event id), so the wallet can drop repeats. A non-2xx
/// answer or a transport failure is retried on `schedule` with ±20 % jitter; when the schedule runs out the
/// event is marked dead and kept for `hub events redeliver`. A payment's events are delivered one at a time,
/// in the order they were written.
public struct EventDispatcher: Sendable {
    /// Waits between attempts: about 24 hours in all.
    public static let defaultSchedule: [TimeInterval] = [5, 30, 120, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800]

    public var url: String
    public var signer: any WebhookSigner
    public var schedule: [TimeInterval]
    public var interval: Duration
    public var timeout: Duration
    public var concurrency: Int
    let store: any Store
    let transport: any HTTPTransport
    let logger: Logger
    let now: @Sendable () -> Date

    public init(url: String, signer: any WebhookSigner, store: any Store, transport: any HTTPTransport, logger: Logger,
                schedule: [TimeInterval] = EventDispatcher.defaultSchedule, interval: Duration = .milliseconds(250),
                timeout: Duration = .seconds(10), concurrency: Int = 16, now: @escaping @Sendable () -> Date = { Date() }) {
        self.url = url
        self.signer = signer
        self.store = store
        self.transport = transport
        self.logger = logger
        self.schedule = schedule
        self.interval = interval
        self.timeout = timeout
        self.concurrency = concurrency
        self.now = now
    }

    /// Delivers until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            if await deliverDue() == 0 { try? await Task.sleep(for: interval) }
        }
    }

    /// One pass: claims due events and delivers them concurrently. Returns how many were attempted.
    @discardableResult
    public func deliverDue() async -> Int {
        let events: [OutboxEvent]
        do { events = try await store.claimDueEvents(now: now(), lease: 60, limit: concurrency) } catch {
            logger.error("dispatcher cannot claim events", metadata: ["reason": "\(error)"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            for event in events { group.addTask { await deliver(event) } }
        }
        return events.count
    }

    func deliver(_ event: OutboxEvent) async {
        let headers = signer.sign(body: Array(event.payload), id: event.eventID, timestamp: now()).fields
        let request = HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers,
                                  body: event.payload, connectTimeout: .seconds(3), timeout: timeout)
        var failure: String?
        do {
            let response = try await transport.send(request)
            if !(200..<300).contains(response.status) { failure = "HTTP \(response.status)" }
        } catch {
            failure = error.reason
        }
        let retryAt = failure == nil ? nil : nextAttempt(after: event.deliveryAttempts + 1)
        do {
            try await store.recordDelivery(of: event.sequence, delivered: failure == nil, error: failure, retryAt: retryAt, at: now())
        } catch {
            logger.error("dispatcher cannot record a delivery", metadata: ["event_id": "\(event.eventID)", "reason": "\(error)"])
        }
        if let failure {
            logger.warning(retryAt == nil ? "event dead after its last attempt" : "event delivery failed",
                           metadata: ["event_id": "\(event.eventID)", "payment_id": "\(event.paymentID)", "reason": "\(failure)"])
        }
    }

    /// When to try again after `attempts` failures, or `nil` once the schedule is spent.
    func nextAttempt(after attempts: Int) -> Date? {
        guard attempts <= schedule.count else { return nil }
        let base = schedule[attempts - 1]
        return now().addingTimeInterval(base * TimeInterval.random(in: 0.8...1.2))
    }
}
