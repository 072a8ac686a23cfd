import Hummingbird
import Logging

/// What every simulator shares: its routes, a server name, and work to cancel when it stops. Serving them
/// (`application`, `run`) is the same for all.
public protocol LoopbackSimulator: Sendable {
    /// The simulator's routes, for embedding or for `HummingbirdTesting`'s router test client.
    func router() -> Router<BasicRequestContext>
    /// The `Server` header and the application's name.
    var serverName: String { get }
    /// Cancels deliveries (callbacks, webhooks) not yet made; the simulator sends none afterwards.
    func shutdown() async
}

extension LoopbackSimulator {
    /// An application serving the simulator on `host:port` (port 0 picks a free one), ready to run on its own
    /// or inside a `ServiceGroup`. `onReady` receives the bound port once the server listens.
    /// Call `shutdown()` after it stops.
    public func application(
        host: String = "127.0.0.1", port: Int = 0, logger: Logger? = nil,
        onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port { await onReady(port) }
            },
            logger: logger
        )
    }

    /// Serves the simulator until the task is cancelled or the process receives SIGINT/SIGTERM, then shuts
    /// it down.
    public func run(
        host: String = "127.0.0.1", port: Int = 0, onReady: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        do {
            try await application(host: host, port: port, onReady: onReady).runService()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }
}
