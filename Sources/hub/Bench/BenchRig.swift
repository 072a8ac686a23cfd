import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import HubConfiguration
import ProviderPlugins
import ServiceLifecycle
import Simulators

/// Everything a benchmark talks to, in this process on loopback ports: the hub (SQLite in a scratch folder, no
/// poller, no event dispatcher), the built-in configuration's simulators started through their plugins, and a bare
/// server of the same stack (`GET /hello`, and `POST /proxy/…`, which relays a request to a simulator through a
/// `CurlTransport` and its answer back).
///
/// Which simulators the scenarios drive comes from the plugins' bench profiles (`SimulatorBench`): top-ups go to the
/// first plugin in the list that offers a collect request, webhooks to the first that offers signed notifications.
/// Every simulator is started with its quiet options (nothing settles or calls back for an hour), so every top-up
/// stays pending and no callback competes with a measurement.
struct BenchRig: Sendable {
    /// A simulator the bench drives, with the connection its plugin handed out and the provider it stands in for.
    struct Driven<Profile: Sendable>: Sendable {
        let providerID: ProviderID
        let simulator: SimulatorConnection
        let profile: Profile
        /// The hub's notification URL for the provider (secret token included).
        let callbackURL: String
    }

    let store: SQLiteStore
    let folder: String
    let hubURL: String
    let apiKey: String
    let collect: Driven<SimulatorBench.Collect>?
    let notifications: Driven<SimulatorBench.SignedNotifications>?
    let bareURL: String
    /// The load generator's own HTTP client, apart from the hub's.
    let client: CurlTransport

    /// Starts everything, runs `body` with it, then stops everything and returns what `body` returned.
    static func run<Outcome: Sendable>(folder: String, body: @escaping @Sendable (BenchRig) async throws -> Outcome) async throws -> Outcome {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "hub.bench")
        logger.logLevel = .error
        let store = try SQLiteStore(path: folder + "/hub.sqlite")
        let transport = CurlTransport()
        let client = CurlTransport(configuration: .init(maxIdleConnections: 256))
        let callbackToken = HubServerConfiguration.randomToken()
        let apiKey = HubServerConfiguration.randomToken(prefix: "bench_")
        guard let hubPort = LoopbackPort.reserve() else { throw BenchError("no free loopback port") }
        let callbackBase = "http://127.0.0.1:\(hubPort)/webhooks"
        var simulators = EmbeddedSimulators(transport: transport, logger: logger, signals: [])
        let outcome: Result<Outcome, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
            do {
                // The built-in configuration: one simulated provider of each type, started through its plugin.
                var providers: [any PaymentProvider] = []
                var collect: Driven<SimulatorBench.Collect>?
                var notifications: Driven<SimulatorBench.SignedNotifications>?
                for provider in try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [:]).configuration.providers {
                    guard let plugin = providerPlugins[type: provider.type]?.simulator else { continue }
                    let callbackURL = "\(callbackBase)/\(provider.id)/\(callbackToken)"
                    let connection = try await simulators.start(
                        plugin, pace: .fast, notificationURL: callbackURL, options: plugin.bench?.quietOptions ?? [:], in: &group)
                    providers.append(provider.provider(connectedTo: connection))
                    if collect == nil, let profile = plugin.bench?.collect {
                        collect = Driven(providerID: provider.id, simulator: connection, profile: profile, callbackURL: callbackURL)
                    }
                    if notifications == nil, let profile = plugin.bench?.notifications {
                        notifications = Driven(providerID: provider.id, simulator: connection, profile: profile, callbackURL: callbackURL)
                    }
                }
                let hub = HubService(store: store, registry: ProviderRegistry(providers),
                                     transport: transport, logger: logger, callbackURL: { "\(callbackBase)/\($0)/\(callbackToken)" })
                let app = HubServer.application(
                    hub: hub, configuration: HubServerConfiguration(apiKeys: [apiKey], callbackToken: callbackToken),
                    host: "127.0.0.1", port: hubPort, logger: logger, poller: nil) { _ in }
                let hubGroup = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
                simulators.groups.append(hubGroup)
                group.addTask { try await hubGroup.run() }
                let relayTarget = collect?.simulator.baseURL
                let barePort = try await simulators.start({ ready in
                    Self.bareApplication(relayingTo: relayTarget, transport: transport, logger: logger, onReady: ready)
                }, in: &group)
                try await Self.waitUntilListening("http://127.0.0.1:\(hubPort)/healthz", client: client)
                let rig = BenchRig(store: store, folder: folder, hubURL: "http://127.0.0.1:\(hubPort)", apiKey: apiKey,
                                   collect: collect, notifications: notifications, bareURL: "http://127.0.0.1:\(barePort)", client: client)
                let result: Result<Outcome, any Error>
                do { result = .success(try await body(rig)) } catch { result = .failure(error) }
                for serviceGroup in simulators.groups { await serviceGroup.triggerGracefulShutdown() }
                try await group.waitForAll()
                await simulators.shutdown()
                return result
            } catch {
                for serviceGroup in simulators.groups { await serviceGroup.triggerGracefulShutdown() }
                group.cancelAll()
                return .failure(error)
            }
        }
        simulators.groups.removeAll()
        await client.shutdown()
        await transport.shutdown()
        return try outcome.get()
    }

    /// The same HTTP stack as the hub with no hub logic: the ceiling for one exchange, and a relay of
    /// `POST /proxy/<path>` to `<target>/<path>` with the request's headers, and of the answer back.
    static func bareApplication(relayingTo target: String?, transport: CurlTransport, logger: Logger,
                                onReady: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("hello") { _, _ in "hello" }
        let dropped: Set = ["host", "content-length", "connection", "transfer-encoding"]
        router.post("proxy/**") { request, _ -> Response in
            guard let target else { return Response(status: .notFound) }
            let body = try await request.body.collect(upTo: 64 * 1024)
            let headers: [(name: String, value: String)] = request.headers.compactMap { field in
                dropped.contains(field.name.canonicalName) ? nil : (name: field.name.canonicalName, value: field.value)
            }
            let path = String(request.uri.path.dropFirst("/proxy".count))
            let answer = try await transport.send(Hub.HTTPRequest(method: "POST", url: target + path, headers: headers,
                                                                  body: Data(body.readableBytesView)))
            return Response(status: .init(code: answer.status), body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "bench-bare"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    static func waitUntilListening(_ url: String, client: CurlTransport) async throws {
        for _ in 0..<200 {
            if let answer = try? await client.send(Hub.HTTPRequest(method: "GET", url: url)), answer.status < 500 { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw BenchError("the hub did not start listening")
    }

    // MARK: Requests

    /// Top-ups through the wallet API of the bench's collect profile (its source and amount), each with a fresh
    /// Idempotency-Key, for one of 256 wallets.
    func topUps(_ collect: SimulatorBench.Collect) throws -> @Sendable (Int) -> Hub.HTTPRequest {
        let source = String(decoding: try JSONSerialization.data(withJSONObject: collect.source, options: [.sortedKeys]), as: UTF8.self)
        let currency = String(decoding: try JSONSerialization.data(withJSONObject: collect.currency, options: [.fragmentsAllowed]), as: UTF8.self)
        let url = hubURL + "/v1/top-ups", authorization = "Bearer \(apiKey)", amount = collect.amount
        return { index in
            let body = #"{"wallet_id":"bench-\#(index % 256)","amount":\#(amount),"currency":\#(currency),"source":\#(source)}"#
            return Hub.HTTPRequest(method: "POST", url: url, headers: [
                ("Authorization", authorization), ("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString),
            ], body: Data(body.utf8))
        }
    }
}
