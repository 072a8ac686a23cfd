import ArgumentParser
import Foundation
import Hub
import HubServer
import Logging
import Metrics
import Prometheus
import Simulators

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hub: the wallet API, webhook intake and the pending-payment poller.",
        discussion: """
            Each provider not configured through the environment (HUB_MOMO_*, HUB_STRIPE_*) runs as a simulator in the same process. API keys come \
            from HUB_API_KEYS (comma-separated); without it a key is generated and printed once.
            """)

    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(name: .customLong("data-dir"), help: "Folder for the SQLite database.") var dataDir = ".hub"
    @Option(name: .customLong("log-format"), help: "Log lines as 'json' (one object per line) or 'text'; both redacted.")
    var logFormat: LogFormat = .json

    func validate() throws {
        guard (0...65535).contains(port) else { throw ArgumentParser.ValidationError("--port must be 0-65535") }
    }

    func run() async throws {
        let format = logFormat
        LoggingSystem.bootstrap { label in RedactingLogHandler(label: label, format: format) }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))
        let environment = ProcessInfo.processInfo.environment
        var apiKeys = (environment["HUB_API_KEYS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if apiKeys.isEmpty {
            let key = HubServerConfiguration.randomToken(prefix: "hub_")
            apiKeys = [key]
            say("HUB_API_KEYS is not set; this run accepts the generated API key: \(key)")
        }
        var simulator = MoMoSimulatorConfiguration()
        simulator.settleDelay = .seconds(2)
        simulator.callbackDelay = .milliseconds(200)
        var stripe = StripeSimulatorConfiguration()
        stripe.settleDelay = .seconds(2)
        stripe.webhookDelay = .milliseconds(200)
        let hub = EmbeddedHub(host: host, port: port, dataDirectory: dataDir, apiKeys: apiKeys, momoSimulator: simulator, stripeSimulator: stripe,
                              environment: environment, logger: Logger(label: "hub"), handlesSignals: true)
        try await hub.run { url, _ in say("hub listening on \(url)") }
    }
}

extension LogFormat: ExpressibleByArgument {}
