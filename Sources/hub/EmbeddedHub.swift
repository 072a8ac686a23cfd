import Foundation
import Hub
import HubConfiguration
import HubPostgres
import HubServer
import Hummingbird
import Logging
import ProviderPlugins
import ServiceLifecycle
import Simulators
import UnixSignals

/// The hub as `hub serve` runs it: the configured store (SQLite in a data folder by default), the configuration's providers and routing rules and,
/// for each provider marked `simulated`, its simulator in the same process on a free loopback port with the
/// adapter pointed at it.
struct EmbeddedHub {
    /// Where to listen and keep data, and the API keys with their ids and scopes, as the command settled them (its
    /// options win over the file's `server` section).
    var host: String
    var port: Int
    var dataDirectory: String
    var apiKeys: [APIKey]
    /// Simulator delays: short for a demo, realistic for `serve`.
    var pace: SimulatorSetup.Pace
    /// Options for the simulators of some types (`settle-ms`), by type.
    var simulatorOptions: [String: [String: String]] = [:]
    /// Providers, routing rules, events, poller and public URL.
    var configuration: HubConfiguration
    var logger: Logger
    /// Stop gracefully on SIGINT and SIGTERM (`serve`); otherwise only through `Stopper`.
    var handlesSignals: Bool

    /// Stops a running embedded hub gracefully: the HTTP server drains, then the simulators.
    struct Stopper: Sendable {
        let groups: [ServiceGroup]
        func stop() async { for group in groups { await group.triggerGracefulShutdown() } }
    }

    /// Serves until stopped. `onReady` gets the hub's base URL once it listens.
    func run(onReady: @escaping @Sendable (String, Stopper) async -> Void) async throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let store = try openStore(at: configuration.store, dataDirectory: dataDirectory, creating: true)
        try await withCurlTransport { transport in try await run(store: store, transport: transport, onReady: onReady) }
    }

    private func run(store: any Store, transport: CurlTransport, onReady: @escaping @Sendable (String, Stopper) async -> Void) async throws {
        let callbackToken = if let shared = store as? PostgresStore {
            try await shared.sharedSetting("callback_token", proposing: HubServerConfiguration.randomToken())
        } else {
            try Self.callbackToken(in: dataDirectory)
        }
        guard let hubPort = port != 0 ? port : LoopbackPort.reserve() else { throw ConfigurationError("no free loopback port") }
        let publicURL = configuration.server.publicURL ?? "http://127.0.0.1:\(hubPort)"
        let callbackBase = "\(publicURL)/webhooks"
        let signals: [UnixSignal] = handlesSignals ? [.sigterm, .sigint] : []
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        var simulators = EmbeddedSimulators(transport: transport, logger: quiet, signals: signals)
        defer { simulators.groups.removeAll() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var providers: [any PaymentProvider] = []
            for provider in configuration.providers {
                guard provider.simulated else {
                    providers.append(provider.provider())
                    continue
                }
                guard let simulator = providerPlugins[type: provider.type]?.simulator else {
                    throw ConfigurationError("providers.\(provider.id): the \(provider.type) type has no simulator; set simulated: false")
                }
                let connection = try await simulators.start(simulator, pace: pace, notificationURL: "\(callbackBase)/\(provider.id)/\(callbackToken)",
                                                            options: simulatorOptions[provider.type] ?? [:], in: &group)
                providers.append(provider.provider(connectedTo: connection))
            }
            let hub = HubService(store: store, registry: ProviderRegistry(providers), transport: transport, logger: logger,
                                 rules: configuration.routing, callbackURL: { "\(callbackBase)/\($0)/\(callbackToken)" },
                                 limits: configuration.limits, sendLease: TimeInterval(configuration.sendLeaseSeconds),
                                 lookups: configuration.lookups)
            let dispatcher = configuration.events.map {
                EventDispatcher(url: $0.url, signer: $0.signer, store: store, transport: transport, logger: logger)
            }
            if dispatcher == nil { logger.notice("no events URL (events.url or HUB_EVENTS_URL): events stay queued in the outbox") }
            let (hubPorts, hubReady) = AsyncStream.makeStream(of: Int.self)
            let app = HubServer.application(
                hub: hub, configuration: HubServerConfiguration(keys: apiKeys, callbackToken: callbackToken,
                                                                 lookupsPerMinute: configuration.lookupsPerKeyPerMinute,
                                                                 webhookIntake: configuration.webhookIntake),
                host: host, port: hubPort, logger: logger,
                poller: PendingPaymentPoller(hub: hub, reviewAfter: TimeInterval(configuration.pollerReviewAfterSeconds)),
                dispatcher: dispatcher
            ) { hubReady.yield($0) }
            let hubGroup = ServiceGroup(services: [app], gracefulShutdownSignals: signals, logger: quiet)
            group.addTask {
                // A server that stops before it listens (the port is taken) ends the stream, so the start fails.
                defer { hubReady.finish() }
                try await hubGroup.run()
            }
            guard let bound = await hubPorts.first(where: { _ in true }) else {
                await Stopper(groups: simulators.groups).stop()
                group.cancelAll()
                throw ConfigurationError("cannot listen on \(host):\(hubPort) (is another process using the port?)")
            }
            await onReady("http://\(host):\(bound)", Stopper(groups: [hubGroup] + simulators.groups))
            try await group.waitForAll()
            await simulators.shutdown()
        }
    }

    /// The unguessable callback path segment, created once per data folder and kept readable by its owner only (on a
    /// shared database it is stored there instead, so every hub answers the same callback URLs).
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

/// A problem that stops start-up, naming the setting or resource at fault.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
