import Hub
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

extension HubServer {
    /// The hub's HTTP application, with the pending-payment poller and the metrics sampler running beside it
    /// as services.
    ///
    /// `/metrics` serves `metrics`: the registry the process bootstrapped swift-metrics with (the default one
    /// unless told otherwise), or the registry behind `hub.metrics` in a test. `onReady` receives the bound
    /// port once the server listens (useful with port 0).
    public static func application(
        hub: HubService, configuration: HubServerConfiguration, host: String, port: Int, logger: Logger,
        poller: PendingPaymentPoller?, dispatcher: EventDispatcher? = nil,
        metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry,
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(hub: hub, configuration: configuration, logger: logger, metrics: metrics),
            configuration: .init(address: .hostname(host, port: port), serverName: "miliano-hub"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
        if let poller { app.addServices(WorkerService { await poller.run() }) }
        if let dispatcher { app.addServices(WorkerService { await dispatcher.run() }) }
        app.addServices(WorkerService { await MetricsSampler(hub: hub).run() })
        return app
    }
}

/// Runs a background worker (the poller, the event dispatcher, the metrics sampler) under the service lifecycle; it stops when
/// the service group shuts down.
struct WorkerService: Service {
    let work: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown { await work() }
    }
}
