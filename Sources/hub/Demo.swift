import ArgumentParser
import Foundation
import Hub
import HubConfiguration
import ProviderPlugins
import HubServer
import Logging
import Simulators

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch top-ups, withdrawals and refunds travel wallet → hub → provider → notification → ledger.",
        discussion: "Every simulated provider contributes its steps. Without --url it starts its own hub (every provider simulated) in a temporary folder.")

    @Option(help: "Base URL of a running hub (default: start one).") var url: String?
    @Option(name: .customLong("api-key"), help: "API key for --url (default: HUB_API_KEY).") var apiKey: String?

    func run() async throws {
        if let url {
            guard let key = apiKey ?? ProcessInfo.processInfo.environment["HUB_API_KEY"] else {
                throw ArgumentParser.ValidationError("--url needs --api-key or HUB_API_KEY")
            }
            try await DemoScript.run(baseURL: url, apiKey: key)
            return
        }
        let key = HubServerConfiguration.randomToken(prefix: "hub_")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-demo-\(UUID().uuidString)").path
        var logger = Logger(label: "hub")
        logger.logLevel = .warning
        let hub = EmbeddedHub(host: "127.0.0.1", port: 0, dataDirectory: folder, apiKeys: [APIKey.unscoped(key)], pace: .demo,
                              configuration: try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [:]).configuration,
                              logger: logger, handlesSignals: true)
        let outcome = DemoOutcome()
        try await hub.run { base, stopper in
            say("started a hub at \(base) (data in \(folder))")
            do {
                try await DemoScript.run(baseURL: base, apiKey: key)
                say("verify the ledger yourself: swift run hub ledger verify --data-dir \(folder)")
            } catch {
                outcome.failure = error
            }
            await stopper.stop()
        }
        if let failure = outcome.failure { throw failure }
    }
}

/// Carries the demo script's error out of the hub's ready callback.
final class DemoOutcome: @unchecked Sendable {  // `failure` guarded by `lock`
    private let lock = NSLock()
    private var stored: (any Error)?
    var failure: (any Error)? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
