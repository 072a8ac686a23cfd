import ArgumentParser
import Foundation
import Hub
import HubServer
import Logging
import Simulators

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a top-up and a withdrawal travel wallet → hub → MTN MoMo → callback → ledger.",
        discussion: "Without --url it starts its own hub (with the MoMo simulator) in a temporary folder.")

    @Option(help: "Base URL of a running hub (default: start one).") var url: String?
    @Option(name: .customLong("api-key"), help: "API key for --url (default: HUB_API_KEY).") var apiKey: String?

    func run() async throws {
        if let url {
            guard let key = apiKey ?? ProcessInfo.processInfo.environment["HUB_API_KEY"] else {
                throw ArgumentParser.ValidationError("--url needs --api-key or HUB_API_KEY")
            }
            try await DemoScript(baseURL: url, apiKey: key).run()
            return
        }
        let key = HubServerConfiguration.randomToken(prefix: "hub_")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-demo-\(UUID().uuidString)").path
        var simulator = MoMoSimulatorConfiguration()
        simulator.settleDelay = .milliseconds(700)
        simulator.callbackDelay = .milliseconds(100)
        var logger = Logger(label: "hub")
        logger.logLevel = .warning
        let hub = EmbeddedHub(host: "127.0.0.1", port: 0, dataDirectory: folder, apiKeys: [key], simulator: simulator,
                              environment: [:], logger: logger)
        let (ready, continuation) = AsyncStream.makeStream(of: String.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hub.run { continuation.yield($0) } }
            guard let base = await ready.first(where: { _ in true }) else { return }
            print("started a hub at \(base) (data in \(folder))")
            defer { group.cancelAll() }
            try await DemoScript(baseURL: base, apiKey: key).run()
            print("verify the ledger yourself: swift run hub ledger verify --data-dir \(folder)")
        }
    }
}
