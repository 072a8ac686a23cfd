import ArgumentParser
import Foundation
import Hub
import Simulators

/// `hub simulate stripe`: the Stripe simulator alone, sending its events through libcurl.
struct SimulateStripe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stripe", abstract: "The Stripe API simulator (see docs/simulators/stripe.md).")

    @Option(help: "Port to listen on (0 picks a free one).") var port = 0
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(name: .customLong("api-key"), help: "Accept only this secret key (default: any sk_test_… key).") var apiKey: String?
    @Option(name: .customLong("webhook-url"), help: "Send signed events to this URL (needs --webhook-secret).") var webhookURL: String?
    @Option(name: .customLong("webhook-secret"), help: "Sign events with this secret, whsec_… (needs --webhook-url).")
    var webhookSecret: String?
    @Option(name: .customLong("settle-ms"), help: "Milliseconds a pm_card_processing payment stays processing.")
    var settleMilliseconds = 2000
    @Option(name: .customLong("webhook-delay-ms"), help: "Milliseconds before an event is sent.") var webhookMilliseconds = 100

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
        guard settleMilliseconds >= 0, webhookMilliseconds >= 0 else { throw ValidationError("delays must not be negative") }
        if let apiKey, !apiKey.hasPrefix("sk_test_") || apiKey.count <= 8 {
            throw ValidationError("--api-key must be a test secret key, sk_test_…")
        }
        switch (webhookURL, webhookSecret) {
        case (nil, nil):
            break
        case (let url?, let secret?):
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  parsed.host?.isEmpty == false
            else { throw ValidationError("--webhook-url must be an http or https URL") }
            guard !secret.isEmpty else { throw ValidationError("--webhook-secret must not be empty") }
        default:
            throw ValidationError("--webhook-url and --webhook-secret go together: give both or neither")
        }
    }

    func run() async throws {
        var configuration = StripeSimulatorConfiguration(apiKey: apiKey)
        if let webhookURL, let webhookSecret {
            configuration.webhook = try StripeWebhookEndpoint(url: webhookURL, secret: webhookSecret)
        }
        configuration.settleDelay = .milliseconds(settleMilliseconds)
        configuration.webhookDelay = .milliseconds(webhookMilliseconds)
        let transport = CurlTransport()
        let simulator = StripeSimulator(configuration: configuration, webhookTransport: transport)
        try await simulator.run(host: host, port: port) { port in say("stripe simulator listening on http://\(host):\(port)") }
        await transport.shutdown()
    }
}
