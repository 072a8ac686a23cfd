import ArgumentParser
import Foundation
import Hub
import HubConfiguration
import ProviderPlugins
import HubServer
import Logging
import Metrics
import Prometheus
import Simulators

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hub: the wallet API, webhook intake and the pending-payment poller.",
        discussion: """
            Settings come from --config (a YAML file, see hub.example.yaml) with HUB_* environment variables overriding it; \
            an invalid configuration stops start-up with every problem listed. Without --config, each provider runs as a simulator \
            in the same process unless its HUB_<PROVIDER>_* variables point it at the real service. Without API keys (api_keys, \
            HUB_API_KEYS) a key is generated and printed once.
            """)

    @Option(help: "YAML configuration file; HUB_* environment variables override it.") var config: String?
    @Option(help: "Port to listen on (default: server.port, else 8080).") var port: Int?
    @Option(help: "Address to bind (default: server.host, else 127.0.0.1).") var host: String?
    @Option(name: .customLong("data-dir"), help: "Folder for the SQLite database (default: server.data_dir, else .hub).")
    var dataDir: String?
    @Option(name: .customLong("log-format"), help: "Log lines as 'json' (one object per line) or 'text'; both redacted.")
    var logFormat: LogFormat = .json

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ArgumentParser.ValidationError("--port must be 0-65535") }
    }

    func run() async throws {
        let format = logFormat
        LoggingSystem.bootstrap { label in RedactingLogHandler(label: label, format: format) }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))
        let logger = Logger(label: "hub")
        let (configuration, warnings) = try ConfigurationFile.load(config, environment: ProcessInfo.processInfo.environment)
        for warning in warnings { logger.warning("configuration: \(warning)") }
        var apiKeys = configuration.apiKeys
        if apiKeys.isEmpty {
            let key = HubServerConfiguration.randomToken(prefix: "hub_")
            apiKeys = [APIKey.unscoped(key)]
            say("no API keys configured (api_keys or HUB_API_KEYS); this run accepts the generated API key: \(key)")
        }
        for key in apiKeys { logger.info("accepting \(key)") }
        let server = configuration.server
        let hub = EmbeddedHub(host: host ?? server.host, port: port ?? server.port, dataDirectory: dataDir ?? server.dataDirectory,
                              apiKeys: apiKeys, pace: .realistic, configuration: configuration,
                              logger: logger, handlesSignals: true)
        try await hub.run { url, _ in say("hub listening on \(url); the operator console is at \(url)/console (sign in with an API key)") }
    }
}

extension LogFormat: ExpressibleByArgument {}
