import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import Providers
import ServiceLifecycle
import UnixSignals
import Webhooks
import Simulators

/// The hub as `hub serve` runs it: SQLite in a data folder and, unless an external MTN MoMo is configured,
/// the MoMo simulator in the same process on a free loopback port with the adapter pointed at it.
struct EmbeddedHub {
    var host: String
    var port: Int
    var dataDirectory: String
    var apiKeys: [String]
    /// Simulator delays: short for a demo, realistic for `serve`.
    var simulator: MoMoSimulatorConfiguration
    var environment: [String: String]
    var logger: Logger
    /// Stop gracefully on SIGINT and SIGTERM (`serve`); otherwise only through `Stopper`.
    var handlesSignals: Bool

    /// Stops a running embedded hub gracefully: the HTTP server drains, then the simulator.
    struct Stopper: Sendable {
        let groups: [ServiceGroup]
        func stop() async { for group in groups { await group.triggerGracefulShutdown() } }
    }

    /// Serves until stopped. `onReady` gets the hub's base URL once it listens.
    func run(onReady: @escaping @Sendable (String, Stopper) async -> Void) async throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dataDirectory + "/hub.sqlite")
        let transport = CurlTransport()
        let callbackToken = try Self.callbackToken(in: dataDirectory)
        let external = try MoMoEnvironment(environment)
        let signals: [UnixSignal] = handlesSignals ? [.sigterm, .sigint] : []
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var momo: MTNMoMoConfiguration
            var groups: [ServiceGroup] = []
            var simulatorRuntime: MoMoSimulator?
            if let external {
                momo = external.configuration
            } else {
                let user = MoMoSeededUser(userID: UUID().uuidString.lowercased(), apiKey: HubServerConfiguration.randomToken())
                var simulatorConfiguration = simulator
                simulatorConfiguration.seededUsers = [user]
                let simulator = MoMoSimulator(configuration: simulatorConfiguration, callbackTransport: transport)
                simulatorRuntime = simulator
                let (ports, ready) = AsyncStream.makeStream(of: Int.self)
                let simulatorGroup = ServiceGroup(
                    services: [simulator.application(port: 0, logger: quiet) { ready.yield($0) }],
                    gracefulShutdownSignals: signals, logger: quiet)
                groups.append(simulatorGroup)
                group.addTask { try await simulatorGroup.run() }
                guard let simulatorPort = await ports.first(where: { _ in true }) else { return }
                logger.info("MTN MoMo simulator listening", metadata: ["url": "http://127.0.0.1:\(simulatorPort)"])
                let credentials = MTNMoMoConfiguration.Credentials(subscriptionKey: "embedded", apiUser: user.userID, apiKey: user.apiKey)
                momo = MTNMoMoConfiguration(baseURL: "http://127.0.0.1:\(simulatorPort)", targetEnvironment: "sandbox",
                                            collection: credentials, disbursement: credentials)
            }
            let registry = ProviderRegistry([MTNMoMoProvider(configuration: momo)])
            let publicURL = environment["HUB_PUBLIC_URL"]
            let listening = ListeningPort()
            let hub = HubService(store: store, registry: registry, transport: transport, logger: logger, callbackURL: { provider in
                let base = publicURL ?? "http://127.0.0.1:\(listening.port)"
                return "\(base)/webhooks/\(provider)/\(callbackToken)"
            })
            let dispatcher = try EventsEnvironment(environment).map {
                EventDispatcher(url: $0.url, signer: $0.signer, store: store, transport: transport, logger: logger)
            }
            if dispatcher == nil { logger.notice("HUB_EVENTS_URL is not set: events stay queued in the outbox") }
            let (hubPorts, hubReady) = AsyncStream.makeStream(of: Int.self)
            let app = HubServer.application(
                hub: hub, configuration: HubServerConfiguration(apiKeys: apiKeys, callbackToken: callbackToken),
                host: host, port: port, logger: logger,
                poller: PendingPaymentPoller(hub: hub, reviewAfter: TimeInterval(try seconds(environment, "HUB_POLLER_REVIEW_AFTER_SECONDS", default: 86_400))),
                dispatcher: dispatcher
            ) { bound in
                listening.port = bound
                hubReady.yield(bound)
            }
            let hubGroup = ServiceGroup(services: [app], gracefulShutdownSignals: signals, logger: quiet)
            groups.insert(hubGroup, at: 0)
            group.addTask { try await hubGroup.run() }
            if let bound = await hubPorts.first(where: { _ in true }) {
                await onReady("http://\(host):\(bound)", Stopper(groups: groups))
            }
            try await group.waitForAll()
            await simulatorRuntime?.shutdown()
        }
        await transport.shutdown()
    }

    /// The unguessable callback path segment, created once per data folder and kept readable by its owner only.
    static func callbackToken(in folder: String) throws -> String {
        let path = folder + "/callback-token"
        if let existing = try? String(contentsOfFile: path, encoding: .utf8), existing.count >= 32 {
            return existing.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let token = HubServerConfiguration.randomToken()
        guard FileManager.default.createFile(atPath: path, contents: Data(token.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(path)")
        }
        return token
    }
}

/// The port the server bound, known only once it listens; read by the callback URL builder.
final class ListeningPort: @unchecked Sendable {  // a single Int guarded by `lock`
    private let lock = NSLock()
    private var value = 0
    var port: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// An external MTN MoMo from `HUB_MOMO_*` environment variables, or `nil` to use the embedded simulator.
struct MoMoEnvironment {
    let configuration: MTNMoMoConfiguration

    init?(_ environment: [String: String]) throws {
        guard let baseURL = environment["HUB_MOMO_BASE_URL"] else { return nil }
        func require(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw ConfigurationError("HUB_MOMO_BASE_URL is set, so \(name) must be set too")
            }
            return value
        }
        func credentials(_ product: String) throws -> MTNMoMoConfiguration.Credentials {
            .init(subscriptionKey: try require("HUB_MOMO_\(product)_SUBSCRIPTION_KEY"),
                  apiUser: try require("HUB_MOMO_\(product)_API_USER"), apiKey: try require("HUB_MOMO_\(product)_API_KEY"))
        }
        let expectedCallbackSeconds = try seconds(environment, "HUB_MOMO_EXPECTED_CALLBACK_SECONDS", default: 30)
        configuration = MTNMoMoConfiguration(
            baseURL: baseURL, targetEnvironment: environment["HUB_MOMO_TARGET_ENVIRONMENT"] ?? "sandbox",
            collection: try credentials("COLLECTION"), disbursement: try credentials("DISBURSEMENT"),
            expectedCallbackSeconds: expectedCallbackSeconds,
            notFoundGraceSeconds: try seconds(environment, "HUB_MOMO_NOT_FOUND_GRACE_SECONDS", default: 600))
    }
}

/// Where events for the wallet backend go: `HUB_EVENTS_URL` and its `whsec_…` secret `HUB_EVENTS_SECRET`.
struct EventsEnvironment {
    let url: String
    let signer: StandardWebhookSigner

    init?(_ environment: [String: String]) throws {
        guard let url = environment["HUB_EVENTS_URL"], !url.isEmpty else { return nil }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ConfigurationError("HUB_EVENTS_URL must be an http:// or https:// URL")
        }
        guard let secret = environment["HUB_EVENTS_SECRET"] else {
            throw ConfigurationError("HUB_EVENTS_URL is set, so HUB_EVENTS_SECRET (a whsec_… secret) must be set too")
        }
        do { signer = try StandardWebhookSigner(secret: secret) } catch {
            throw ConfigurationError("HUB_EVENTS_SECRET is not a valid whsec_ secret: \(error)")
        }
        self.url = url
    }
}

/// A whole number of seconds from the environment, 0 to 30 days, or `fallback` when unset.
func seconds(_ environment: [String: String], _ name: String, default fallback: Int) throws -> Int {
    guard let text = environment[name] else { return fallback }
    guard let value = Int(text), (0...2_592_000).contains(value) else {
        throw ConfigurationError("\(name) must be a whole number of seconds, 0-2592000")
    }
    return value
}

/// A configuration problem that stops start-up, naming the setting at fault.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
