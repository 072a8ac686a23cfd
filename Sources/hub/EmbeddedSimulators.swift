import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import Providers
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
    var momo: [MoMoSimulator] = []
    var stripe: [StripeSimulator] = []

    init(transport: CurlTransport, logger: Logger, signals: [UnixSignal]) {
        self.transport = transport
        self.logger = logger
        self.signals = signals
    }

    /// Starts the MTN MoMo simulator with a seeded API user; returns the adapter's configuration for it.
    mutating func startMoMo(_ configuration: MoMoSimulatorConfiguration, in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> MTNMoMoConfiguration {
        let user = MoMoSeededUser(userID: UUID().uuidString.lowercased(), apiKey: HubServerConfiguration.randomToken())
        var configuration = configuration
        configuration.seededUsers = [user]
        let simulator = MoMoSimulator(configuration: configuration, callbackTransport: transport)
        momo.append(simulator)
        let logger = logger
        let port = try await start({ ready in simulator.application(port: 0, logger: logger, onReady: ready) }, in: &tasks)
        logger.notice("MTN MoMo simulator listening", metadata: ["url": "http://127.0.0.1:\(port)"])
        let credentials = MTNMoMoConfiguration.Credentials(subscriptionKey: "embedded", apiUser: user.userID, apiKey: user.apiKey)
        return MTNMoMoConfiguration(baseURL: "http://127.0.0.1:\(port)", targetEnvironment: "sandbox",
                                    collection: credentials, disbursement: credentials)
    }

    /// Starts the Stripe simulator, sending signed webhooks to `webhookURL`; returns the adapter's configuration.
    mutating func startStripe(_ configuration: StripeSimulatorConfiguration, webhookURL: String,
                              in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> StripeConfiguration {
        let apiKey = "sk_test_" + HubServerConfiguration.randomToken().prefix(24)
        let secret = "whsec_" + HubServerConfiguration.randomToken()
        var configuration = configuration
        configuration.apiKey = apiKey
        configuration.webhook = try StripeWebhookEndpoint(url: webhookURL, secret: secret)
        let simulator = StripeSimulator(configuration: configuration, webhookTransport: transport)
        stripe.append(simulator)
        let logger = logger
        let port = try await start({ ready in simulator.application(port: 0, logger: logger, onReady: ready) }, in: &tasks)
        logger.notice("Stripe simulator listening", metadata: ["url": "http://127.0.0.1:\(port)"])
        return StripeConfiguration(baseURL: "http://127.0.0.1:\(port)", secretKey: apiKey, webhookSecrets: [secret])
    }

    /// Runs an application in its own service group and returns the port it bound.
    mutating func start<App: ApplicationProtocol>(_ make: (@escaping @Sendable (Int) async -> Void) -> App,
                                                  in tasks: inout ThrowingTaskGroup<Void, any Error>) async throws -> Int {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(services: [make { ready.yield($0) }], gracefulShutdownSignals: signals, logger: logger)
        groups.append(group)
        tasks.addTask { try await group.run() }
        guard let port = await ports.first(where: { _ in true }) else { throw ConfigurationError("a simulator did not start") }
        return port
    }

    func shutdown() async {
        for simulator in momo { await simulator.shutdown() }
        for simulator in stripe { await simulator.shutdown() }
    }
}
