import Foundation
import Logging

/// Samples the levels no single event reports: the outbox backlog and its oldest event's age, open payments
/// by age band, and each provider's circuit state (0 closed, 1 half-open, 2 open). Counters are emitted
/// where things happen; this worker only sets gauges, through the hub's `HubMetrics`.
public struct MetricsSampler: Sendable {
    public var interval: Duration
    let hub: HubService

    public init(hub: HubService, interval: Duration = .seconds(5)) {
        self.hub = hub
        self.interval = interval
    }

    /// Samples until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await sampleOnce()
            try? await Task.sleep(for: interval)
        }
    }

    /// One sample. A store that does not answer leaves the store gauges at their last values.
    public func sampleOnce() async {
        let now = hub.now()
        let metrics = hub.metrics
        metrics.declareAnomalies()
        for provider in hub.registry.order {
            let state: Double = switch hub.router.breakers.snapshot(provider, now: now).state {
            case .closed: 0
            case .halfOpen: 1
            case .open: 2
            }
            metrics.gauge(HubMetrics.Name.circuitState, state, labels: ["provider": provider.rawValue])
        }
        let gauges: StoreGauges
        do { gauges = try await hub.store.gauges(now: now) } catch {
            hub.logger.error("metrics sampler cannot read the store", metadata: ["reason": "\(error)"])
            return
        }
        metrics.gauge(HubMetrics.Name.outboxBacklog, Double(gauges.outboxBacklog))
        metrics.gauge(HubMetrics.Name.outboxOldestAge, gauges.oldestUndeliveredAt.map { max(0, now.timeIntervalSince($0)) } ?? 0)
        for (age, count) in gauges.pendingPayments {
            metrics.gauge(HubMetrics.Name.pendingPayments, Double(count), labels: ["age": age.rawValue])
        }
    }
}
