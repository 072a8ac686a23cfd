import ArgumentParser
import Foundation
import Hub
import HubConfiguration
import ProviderPlugins

struct Reconcile: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare the hub's payments at a provider with the provider's own records; exit 1 on any mismatch.",
        discussion: "The provider's records come from its reporting export (for the simulators: /sim/v1/transactions).")

    @Option(help: "The provider's id in the configuration.") var provider: String
    @Option(help: "The configuration file, to learn the provider's type (default: the built-in one).") var config: String?
    @Option(name: .customLong("report-url"), help: "Where the provider's transaction report is served.") var reportURL: String
    @Option(help: "Only attempts created at or after this time (ISO 8601).") var since: String?
    @Option(name: .customLong("data-dir")) var dataDir = ".hub"

    func validate() throws {
        if let since, (try? Date(since, strategy: .iso8601)) == nil { throw ArgumentParser.ValidationError("--since must be ISO 8601") }
    }

    /// The plugin of the configured provider `--provider`, which must offer a report reader.
    func reader() throws -> any ProviderReportReader {
        let configuration = try ConfigurationFile.load(config, environment: ProcessInfo.processInfo.environment).configuration
        guard let configured = configuration.providers.first(where: { $0.id.rawValue == provider }) else {
            throw ArgumentParser.ValidationError("--provider: no provider \(provider.prefix(40)) in the configuration")
        }
        guard let reader = providerPlugins[type: configured.type]?.provider.reportReader else {
            throw ArgumentParser.ValidationError("--provider: \(configured.type) offers no transaction report to reconcile against")
        }
        return reader
    }

    func run() async throws {
        let reader = try reader()
        let start = try since.map { try Date($0, strategy: .iso8601) } ?? .distantPast
        let store = try openStore(dataDir)
        let url = reportURL + (since.map { "?since=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" } ?? "")
        let response = try await withCurlTransport { transport in
            do { return try await transport.send(HTTPRequest(method: "GET", url: url)) } catch let error as TransportError {
                throw ArgumentParser.ValidationError("cannot read the report: \(error.reason)")
            }
        }
        guard response.status == 200 else { throw ArgumentParser.ValidationError("the report answered HTTP \(response.status)") }
        let records = try reader.records(from: response.body)
        let attempts = try await store.attempts(at: ProviderID(provider), since: start)
        let mismatches = Reconciler.compare(hub: attempts, provider: records)
        say("\(provider): \(attempts.count) hub attempts, \(records.count) provider records, \(mismatches.count) mismatches")
        for mismatch in mismatches { say("mismatch: \(mismatch)") }
        if !mismatches.isEmpty { throw ExitCode(1) }
    }
}
