import ArgumentParser
import Foundation
import Hub

struct ProvidersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers", abstract: "Show a running hub's providers and the state of their circuit breakers.")

    @Option(help: "Base URL of the running hub.") var url = "http://127.0.0.1:8080"
    @Option(name: .customLong("api-key"), help: "API key (default: HUB_API_KEY).") var apiKey: String?

    func run() async throws {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["HUB_API_KEY"] else {
            throw ArgumentParser.ValidationError("--api-key or HUB_API_KEY is required")
        }
        let response = try await withCurlTransport { transport in
            do {
                return try await transport.send(HTTPRequest(method: "GET", url: url + "/v1/providers", headers: [("Authorization", "Bearer \(key)")]))
            } catch let error as TransportError { throw ArgumentParser.ValidationError("cannot reach the hub: \(error.reason)") }
        }
        guard response.status == 200, let body = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let providers = body["data"] as? [[String: Any]]
        else { throw ArgumentParser.ValidationError("the hub answered HTTP \(response.status)") }
        for provider in providers {
            let circuit = provider["circuit"] as? [String: Any] ?? [:]
            say("\(provider["id"] ?? "?"): circuit \(circuit["state"] ?? "?") (\(circuit["consecutive_failures"] ?? 0) consecutive failures); "
                + "\((provider["operations"] as? [String] ?? []).joined(separator: ",")) of "
                + "\((provider["methods"] as? [String] ?? []).joined(separator: ",")) in "
                + "\((provider["currencies"] as? [String] ?? []).joined(separator: ","))")
        }
    }
}
