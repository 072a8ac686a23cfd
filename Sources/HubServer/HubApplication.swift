import Hub
import Hummingbird
import Logging
import ServiceLifecycle

extension HubServer {
    /// The hub's HTTP application, with the pending-payment poller running beside it as a service.
    ///
    /// `onReady` receives the bound port once the server listens (useful with port 0).
    public static func application(
        hub: HubService, configuration: HubServerConfiguration, host: String, port: Int, logger: Logger,
        poller: PendingPaymentPoller?, onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var app = Application(
            router: router(hub: hub, configuration: configuration, logger: logger),
            configuration: .init(address: .hostname(host, port: port), serverName: "miliano-hub"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? port) },
            logger: logger)
        if let poller { app.addServices(PollerService(poller: poller)) }
        return app
    }
}

/// Runs the poller under the service lifecycle; it stops when the service group shuts down.
struct PollerService: Service {
    let poller: PendingPaymentPoller

    func run() async throws {
        await cancelWhenGracefulShutdown { await poller.run() }
    }
}
