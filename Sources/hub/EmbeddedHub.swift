import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import Providers
import ServiceLifecycle
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

    /// Serves until SIGINT/SIGTERM (or cancellation). `onReady` gets the hub's base URL once it listens.
    func run(onReady: @escaping @Sendable (String) async -> Void) async throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dataDirectory + "/hub.sqlite")
        let transport = CurlTransport()
        let callbackToken = try Self.callbackToken(in: dataDirectory)
        let external = try MoMoEnvironment(environment)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var momo: MTNMoMoConfiguration
            if let external {
                momo = external.configuration
            } else {
                let user = MoMoSeededUser(userID: UUID().uuidString.lowercased(), apiKey: HubServerConfiguration.randomToken())
                var simulatorConfiguration = simulator
                simulatorConfiguration.seededUsers = [user]
                let simulator = MoMoSimulator(configuration: simulatorConfiguration, callbackTransport: transport)
                let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
                group.addTask { try await simulator.run(host: "127.0.0.1", port: 0) { continuation.yield($0) } }
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
            let app = HubServer.application(
                hub: hub, configuration: HubServerConfiguration(apiKeys: apiKeys, callbackToken: callbackToken),
                host: host, port: port, logger: logger, poller: PendingPaymentPoller(hub: hub)
            ) { bound in
                listening.port = bound
                await onReady("http://\(host):\(bound)")
            }
            group.addTask { try await app.runService() }
            try await group.next()
            group.cancelAll()
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
        configuration = MTNMoMoConfiguration(
            baseURL: baseURL, targetEnvironment: environment["HUB_MOMO_TARGET_ENVIRONMENT"] ?? "sandbox",
            collection: try credentials("COLLECTION"), disbursement: try credentials("DISBURSEMENT"))
    }
}

/// A configuration problem that stops start-up, naming the setting at fault.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
