import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import ServiceLifecycle
import Simulators
import UnixSignals

/// Simulators started in the hub's process, each in its own service group, with credentials made up for
/// the run.
struct EmbeddedSimulators {
    let transport: CurlTransport
    let logger: Logger
    let signals: [UnixSignal]
    var groups: [ServiceGroup] = []
    var simulators: [any LoopbackSimulator] = []

    init(transport: CurlTransport, logger: Logger, signals: [UnixSignal]) {
        self.transport = transport
        self.logger = logger
        self.signals = signals
    }

    /// Starts `plugin`'s simulator on a free loopback port; returns the connection its provider's adapter uses.
    mutating func start(_ plugin: any SimulatorPlugin, pace: SimulatorSetup.Pace, notificationURL: String, options: [String: String],
                        in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> SimulatorConnection {
        let plugged: PluggedSimulator
        do {
            plugged = try plugin.makeSimulator(SimulatorSetup(transport: transport, pace: pace, notificationURL: notificationURL, options: options))
        } catch { throw ConfigurationError("the \(plugin.type) simulator: \(error)") }
        simulators.append(plugged.simulator)
        let port = try await serve(plugged.simulator, in: &tasks)
        logger.notice("\(plugin.type) simulator listening", metadata: ["url": "http://127.0.0.1:\(port)"])
        return plugged.connection(baseURL: "http://127.0.0.1:\(port)")
    }

    /// Serves a simulator on a free loopback port in its own service group; returns the port.
    mutating func serve<Simulator: LoopbackSimulator>(_ simulator: Simulator, in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> Int {
        let logger = logger
        return try await start({ ready in simulator.application(port: 0, logger: logger, onReady: ready) }, in: &tasks)
    }

    /// Runs an application in its own service group and returns the port it bound.
    mutating func start<App: ApplicationProtocol>(_ make: (@escaping @Sendable (Int) async -> Void) -> App,
                                                  in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> Int {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(services: [make { ready.yield($0) }], gracefulShutdownSignals: signals, logger: logger)
        groups.append(group)
        tasks.addTask {
            defer { ready.finish() }
            try await group.run()
        }
        guard let port = await ports.first(where: { _ in true }) else { throw ConfigurationError("a simulator did not start") }
        return port
    }

    func shutdown() async {
        for simulator in simulators { await simulator.shutdown() }
    }
}
