import Foundation
import Testing
import Hub
import HubServer
import Hummingbird
import Logging
import Prometheus
import Providers
import ServiceLifecycle
import Simulators
import Webhooks

/// A hub and an MTN MoMo simulator, each on its own loopback port, talking over real HTTP through libcurl.
struct LiveHub {
    let baseURL: String
    let apiKey: String
    let callbackToken: String
    let simulator: MoMoSimulator
    let simulatorURL: String
    /// The MoMo API user and key the hub presents to the simulator.
    let simulatorUser: MoMoSeededUser
    let store: SQLiteStore
    let hub: HubService
    let client: CurlTransport
    let stripe: StripeSimulator
    /// The secret the Stripe simulator signs its webhooks with, and the hub verifies them with.
    let stripeWebhookSecret: String
    /// This hub's own metrics registry, served at its `/metrics`: no process-wide bootstrap involved.
    let metrics: PrometheusCollectorRegistry

    static let quiet: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }()

    /// Fast delays so a payment settles in tens of milliseconds.
    static var fastSimulator: MoMoSimulatorConfiguration {
        var configuration = MoMoSimulatorConfiguration()
        configuration.settleDelay = .milliseconds(30)
        configuration.callbackDelay = .milliseconds(10)
        configuration.slowDelay = .milliseconds(300)
        return configuration
    }

    static var fastStripe: StripeSimulatorConfiguration {
        var configuration = StripeSimulatorConfiguration()
        configuration.settleDelay = .milliseconds(50)
        configuration.webhookDelay = .milliseconds(10)
        configuration.webhookRetryBackoff = .milliseconds(20)
        return configuration
    }

    /// Runs `body` against a fresh live hub. A hub that cannot listen (its reserved port taken by another process
    /// meanwhile) is started again on a fresh port, twice at most, before `body` has run.
    static func run(
        simulator configuration: MoMoSimulatorConfiguration = fastSimulator, expectedCallbackSeconds: Int = 30,
        momoTimeout: Duration = .seconds(5), momoBaseURL: String? = nil,
        events: (url: String, secret: String, schedule: [TimeInterval])? = nil,
        stripe stripeConfiguration: StripeSimulatorConfiguration = fastStripe,
        logger: Logger = quiet, bodyTimeout: Duration = .seconds(10), keys: [APIKey] = [],
        webhookIntake: WebhookIntakeLimits = WebhookIntakeLimits(), _ body: (LiveHub) async throws -> Void
    ) async throws {
        for _ in 1...3 {
            let listened = try await runOnce(simulator: configuration, expectedCallbackSeconds: expectedCallbackSeconds,
                                             momoTimeout: momoTimeout, momoBaseURL: momoBaseURL, events: events,
                                             stripe: stripeConfiguration, logger: logger, bodyTimeout: bodyTimeout, keys: keys,
                                             webhookIntake: webhookIntake, body)
            if listened { return }
        }
        Issue.record("the hub could not listen on a loopback port three times")
    }

    /// One try; `false` if the hub could not listen and `body` did not run.
    private static func runOnce(
        simulator configuration: MoMoSimulatorConfiguration, expectedCallbackSeconds: Int,
        momoTimeout: Duration, momoBaseURL: String?,
        events: (url: String, secret: String, schedule: [TimeInterval])?,
        stripe stripeConfiguration: StripeSimulatorConfiguration,
        logger: Logger, bodyTimeout: Duration, keys: [APIKey], webhookIntake: WebhookIntakeLimits,
        _ body: (LiveHub) async throws -> Void
    ) async throws -> Bool {
        let transport = CurlTransport()
        let hubPort = try #require(LoopbackPort.reserve())
        let callbackToken = HubServerConfiguration.randomToken()
        let stripeKey = "sk_test_\(UUID().uuidString.prefix(12))"
        let stripeSecret = "whsec_test_\(UUID().uuidString)"
        var stripeSimulatorConfiguration = stripeConfiguration
        stripeSimulatorConfiguration.apiKey = stripeKey
        stripeSimulatorConfiguration.webhook = try StripeWebhookEndpoint(
            url: "http://127.0.0.1:\(hubPort)/webhooks/stripe/\(callbackToken)", secret: stripeSecret)
        let stripe = StripeSimulator(configuration: stripeSimulatorConfiguration, webhookTransport: transport)
        let (stripePorts, stripeReady) = AsyncStream.makeStream(of: Int.self)
        let stripeGroup = ServiceGroup(services: [stripe.application(port: 0) { stripeReady.yield($0) }], logger: quiet)
        let user = MoMoSeededUser(userID: UUID().uuidString.lowercased(), apiKey: "sim-key-\(UUID().uuidString)")
        var simulatorConfiguration = configuration
        simulatorConfiguration.seededUsers = [user]
        let simulator = MoMoSimulator(configuration: simulatorConfiguration, callbackTransport: transport)
        let (simulatorPorts, simulatorReady) = AsyncStream.makeStream(of: Int.self)
        let simulatorGroup = ServiceGroup(services: [simulator.application(port: 0) { simulatorReady.yield($0) }], logger: quiet)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        let apiKey = "test-key-\(UUID().uuidString)"
        let metrics = PrometheusCollectorRegistry()

        let listened = try await withThrowingTaskGroup(of: Void.self) { group -> Bool in
            group.addTask { try await simulatorGroup.run() }
            group.addTask { try await stripeGroup.run() }
            let simulatorPort = await simulatorPorts.first { _ in true }!
            let stripePort = await stripePorts.first { _ in true }!
            let stripeProvider = StripeProvider(configuration: StripeConfiguration(
                baseURL: "http://127.0.0.1:\(stripePort)", secretKey: stripeKey, webhookSecrets: [stripeSecret], timeout: .seconds(5)))
            let credentials = MTNMoMoConfiguration.Credentials(subscriptionKey: "test-subscription", apiUser: user.userID, apiKey: user.apiKey)
            let momo = MTNMoMoConfiguration(
                baseURL: momoBaseURL ?? "http://127.0.0.1:\(simulatorPort)", targetEnvironment: "sandbox", collection: credentials,
                disbursement: credentials, timeout: momoTimeout, expectedCallbackSeconds: expectedCallbackSeconds)
            let hub = HubService(store: store, registry: ProviderRegistry([MTNMoMoProvider(configuration: momo), stripeProvider]),
                                 transport: transport, logger: logger,
                                 callbackURL: { "http://127.0.0.1:\(hubPort)/webhooks/\($0)/\(callbackToken)" },
                                 metrics: HubMetrics(factory: PrometheusMetricsFactory(registry: metrics)))
            let (hubPorts, hubReady) = AsyncStream.makeStream(of: Int.self)
            let app = HubServer.application(
                hub: hub, configuration: HubServerConfiguration(keys: [.unscoped(apiKey)] + keys, callbackToken: callbackToken, bodyTimeout: bodyTimeout,
                                                            webhookIntake: webhookIntake),
                host: "127.0.0.1", port: hubPort, logger: logger, poller: nil,
                dispatcher: try events.map {
                    EventDispatcher(url: $0.url, signer: try StandardWebhookSigner(secret: $0.secret), store: store,
                                    transport: transport, logger: logger, schedule: $0.schedule, interval: .milliseconds(20))
                }, metrics: metrics) { port in hubReady.yield(port) }
            let hubGroup = ServiceGroup(services: [app], logger: quiet)
            group.addTask {
                defer { hubReady.finish() }  // a hub that cannot listen (its port taken meanwhile) fails the test, never hangs it
                try await hubGroup.run()
            }
            guard let port = await hubPorts.first(where: { _ in true }) else {
                for group in [simulatorGroup, stripeGroup] { await group.triggerGracefulShutdown() }
                group.cancelAll()
                return false
            }
            let live = LiveHub(baseURL: "http://127.0.0.1:\(port)", apiKey: apiKey, callbackToken: callbackToken,
                               simulator: simulator, simulatorURL: "http://127.0.0.1:\(simulatorPort)", simulatorUser: user, store: store,
                               hub: hub, client: transport, stripe: stripe, stripeWebhookSecret: stripeSecret, metrics: metrics)
            do {
                try await body(live)
            } catch {
                for group in [hubGroup, simulatorGroup, stripeGroup] { await group.triggerGracefulShutdown() }
                throw error
            }
            for group in [hubGroup, simulatorGroup, stripeGroup] { await group.triggerGracefulShutdown() }
            try await group.waitForAll()
            return true
        }
        await simulator.shutdown()
        await stripe.shutdown()
        await transport.shutdown()
        try? FileManager.default.removeItem(at: folder)
        return listened
    }
}
