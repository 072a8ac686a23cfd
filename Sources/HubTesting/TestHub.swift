import Foundation
import Hub
import HubConfiguration
import HubServer
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Simulators

/// A hub for tests: SQLite in a temporary folder, its HTTP server (wallet API and webhook intake) on a loopback
/// port, and the chosen providers, each pointed at its own simulator on another loopback port, all talking over
/// real HTTP through libcurl. Every log line goes to `logs`.
public struct TestHub: Sendable {
    /// A provider to run: its plugin, its simulator's plugin and options for that simulator (`settle-ms`).
    public struct Member: Sendable {
        public var plugin: AnyProviderPlugin
        public var simulator: any SimulatorPlugin
        public var options: [String: String]

        public init<Plugin: ProviderPlugin>(_ plugin: Plugin, simulator: any SimulatorPlugin, options: [String: String] = [:]) {
            self.init(AnyProviderPlugin(plugin), simulator: simulator, options: options)
        }

        public init(_ plugin: AnyProviderPlugin, simulator: any SimulatorPlugin, options: [String: String] = [:]) {
            self.plugin = plugin
            self.simulator = simulator
            self.options = options
        }
    }

    /// Where a test hub keeps its payments: SQLite in the temporary folder (what `hub serve` runs), or the
    /// in-memory store, faster and not durable, for an adapter's quick tests.
    public enum StoreKind: Sendable {
        case sqlite, memory
    }

    public let hub: HubService
    public let store: any Store
    /// The hub's wallet API and webhook intake, `http://127.0.0.1:<port>`.
    public let baseURL: String
    public let apiKey: String
    public let callbackToken: String
    /// Each simulator's address and the credentials made up for the run, by provider id (the plugin's type).
    public let connections: [ProviderID: SimulatorConnection]
    /// The hub's HTTP client, for a test's own calls to the hub or a simulator.
    public let client: CurlTransport
    public let logs: LogCapture
    /// Moves the hub's clock (signature tolerances, timestamps) relative to the real one.
    public let clock: TestHubClock
    /// Every notification a simulator sent the hub, as sent.
    let tap: NotificationTap

    /// Starts the providers' simulators and a hub using them (plus `extra` providers, registered after them), runs
    /// `body`, then stops everything and removes the folder. A start that fails before `body` runs (the hub's
    /// reserved port taken by another process meanwhile) is tried again, twice at most, on fresh ports.
    public static func run<Outcome: Sendable>(
        _ members: [Member], extra: [any PaymentProvider] = [], limits: PaymentLimits = PaymentLimits(), store kind: StoreKind = .sqlite,
        _ body: @Sendable (TestHub) async throws -> Outcome
    ) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                return try await runOnce(members, extra: extra, limits: limits, store: kind, body)
            } catch is TestHubStartFailure where attempt < 3 {
                attempt += 1
            }
        }
    }

    static func runOnce<Outcome: Sendable>(
        _ members: [Member], extra: [any PaymentProvider], limits: PaymentLimits, store kind: StoreKind,
        _ body: @Sendable (TestHub) async throws -> Outcome
    ) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-testing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store: any Store = switch kind {
        case .sqlite: try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        case .memory: MemoryStore()
        }
        let transport = CurlTransport()
        let logs = LogCapture()
        var quiet = Logger(label: "hub-testing")
        quiet.logLevel = .critical
        guard let hubPort = LoopbackPort.reserve() else { throw TestHubError("no free loopback port") }
        let callbackToken = "cb" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let apiKey = "test-" + UUID().uuidString
        let hubBase = "http://127.0.0.1:\(hubPort)"
        let tap = NotificationTap(transport: transport, hubURL: { hubBase })
        let clock = TestHubClock()
        var callbackBase = hubBase + "/webhooks"
        let outcome: Result<Outcome, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
            var groups: [ServiceGroup] = []
            var simulators: [any LoopbackSimulator] = []
            do {
                let (tapPort, tapGroup) = try await serve(router: tap.router(), logger: quiet, in: &group)
                groups.append(tapGroup)
                callbackBase = "http://127.0.0.1:\(tapPort)/webhooks"
                var providers: [any PaymentProvider] = []
                var connections: [ProviderID: SimulatorConnection] = [:]
                for member in members {
                    let id = ProviderID(member.plugin.type)
                    let plugged = try member.simulator.makeSimulator(SimulatorSetup(
                        transport: transport, pace: .fast, notificationURL: "\(callbackBase)/\(id)/\(callbackToken)", options: member.options))
                    simulators.append(plugged.simulator)
                    let (port, serviceGroup) = try await serve(plugged.simulator, logger: quiet, in: &group)
                    groups.append(serviceGroup)
                    let connection = plugged.connection(baseURL: "http://127.0.0.1:\(port)")
                    connections[id] = connection
                    providers.append(try configured(member.plugin).provider(connectedTo: connection))
                }
                let base = callbackBase
                let hub = HubService(store: store, registry: ProviderRegistry(providers + extra), transport: transport,
                                     logger: logs.logger(label: "hub"), callbackURL: { "\(base)/\($0)/\(callbackToken)" },
                                     limits: limits, now: { clock.now })
                let (ports, ready) = AsyncStream.makeStream(of: Int.self)
                let app = HubServer.application(
                    hub: hub, configuration: HubServerConfiguration(apiKeys: [apiKey], callbackToken: callbackToken),
                    host: "127.0.0.1", port: hubPort, logger: logs.logger(label: "hub.http"), poller: nil,
                    metrics: PrometheusCollectorRegistry()) { ready.yield($0) }
                let hubGroup = ServiceGroup(services: [app], logger: quiet)
                groups.append(hubGroup)
                let port = try await start(hubGroup, ports: ports, ready: ready, what: "the hub", in: &group)
                let testHub = TestHub(hub: hub, store: store, baseURL: "http://127.0.0.1:\(port)", apiKey: apiKey, callbackToken: callbackToken,
                                      connections: connections, client: transport, logs: logs, clock: clock, tap: tap)
                let result: Result<Outcome, any Error>
                do { result = .success(try await body(testHub)) } catch { result = .failure(error) }
                for serviceGroup in groups { await serviceGroup.triggerGracefulShutdown() }
                try await group.waitForAll()
                return result
            } catch {
                for serviceGroup in groups { await serviceGroup.triggerGracefulShutdown() }
                group.cancelAll()
                return .failure(error)
            }
            // Simulators stop their deliveries once their servers are down.
        }
        await transport.shutdown()
        return try outcome.get()
    }

    /// The provider the plugin builds from a configuration that only says `simulated: true`.
    static func configured(_ plugin: AnyProviderPlugin) throws -> ConfiguredProvider {
        let yaml = "providers:\n  \(plugin.type): { type: \(plugin.type), simulated: true }\n"
        guard let provider = try HubConfiguration.load(yaml: yaml, environment: [:], plugins: [plugin]).configuration.providers.first else {
            throw TestHubError("the \(plugin.type) plugin configured no provider")
        }
        return provider
    }

    /// Runs `router` on a free loopback port; returns the port it bound.
    static func serve(router: Router<BasicRequestContext>, logger: Logger,
                      in group: inout ThrowingTaskGroup<Void, any Error>) async throws -> (Int, ServiceGroup) {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in if let port = channel.localAddress?.port { ready.yield(port) } }, logger: logger)
        let serviceGroup = ServiceGroup(services: [app], logger: logger)
        return (try await start(serviceGroup, ports: ports, ready: ready, what: "a server", in: &group), serviceGroup)
    }

    /// Runs `serviceGroup` in `group` and returns the port its server reports. A server that stops before it
    /// listens (its port taken meanwhile by another process) ends `ports`, so this throws instead of waiting forever.
    static func start(_ serviceGroup: ServiceGroup, ports: AsyncStream<Int>, ready: AsyncStream<Int>.Continuation, what: String,
                      in group: inout ThrowingTaskGroup<Void, any Error>,
                      afterwards: @escaping @Sendable () async -> Void = {}) async throws -> Int {
        group.addTask {
            defer { ready.finish() }
            try await serviceGroup.run()
            await afterwards()
        }
        guard let port = await ports.first(where: { _ in true }) else { throw TestHubStartFailure(description: "\(what) did not start") }
        return port
    }

    static func serve<Simulator: LoopbackSimulator>(_ simulator: Simulator, logger: Logger,
                                                    in group: inout ThrowingTaskGroup<Void, any Error>) async throws -> (Int, ServiceGroup) {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let serviceGroup = ServiceGroup(services: [simulator.application(port: 0, logger: logger) { ready.yield($0) }], logger: logger)
        let port = try await start(serviceGroup, ports: ports, ready: ready, what: "a simulator", in: &group) { await simulator.shutdown() }
        return (port, serviceGroup)
    }

    /// Posts `body` (JSON) to the wallet API with an idempotency key; returns the status and the decoded object.
    public func post(_ path: String, _ body: [String: Any], key: String = UUID().uuidString) async throws -> (status: Int, object: [String: Any]) {
        let response = try await client.send(Hub.HTTPRequest(method: "POST", url: baseURL + path, headers: [
            ("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json"), ("Idempotency-Key", key),
        ], body: try JSONSerialization.data(withJSONObject: body)))
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:])
    }
}

/// A server of the test hub stopped before it listened; nothing of the test ran yet, so the start may be tried again.
public struct TestHubStartFailure: Error, CustomStringConvertible {
    public let description: String
}

public struct TestHubError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The hub's clock in a `TestHub`: the real time plus an offset a test can move.
public final class TestHubClock: @unchecked Sendable {  // `offset` guarded by `lock`
    private let lock = NSLock()
    private var offset: TimeInterval = 0

    public init() {}
    public var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
    public func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
}
