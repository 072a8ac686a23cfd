import ArgumentParser
import Hub
import Simulators

struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a provider simulator alone.", subcommands: [MoMo.self, SimulateStripe.self])

    struct MoMo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mtn-momo", abstract: "The MTN MoMo Open API simulator (see docs/simulators/mtn-momo.md).")

        @Option(help: "Port to listen on (0 picks a free one).") var port = 0
        @Option(help: "Address to bind.") var host = "127.0.0.1"
        @Option(name: .customLong("subscription-key"), help: "Accept only this Ocp-Apim-Subscription-Key.") var subscriptionKey: String?
        @Option(name: .customLong("settle-ms"), help: "Milliseconds a transaction stays PENDING.") var settleMilliseconds = 500
        @Option(name: .customLong("callback-delay-ms"), help: "Milliseconds before a callback is sent.") var callbackMilliseconds = 100

        func validate() throws {
            guard (0...65535).contains(port) else { throw ArgumentParser.ValidationError("--port must be 0-65535") }
            guard settleMilliseconds >= 0, callbackMilliseconds >= 0 else { throw ArgumentParser.ValidationError("delays must not be negative") }
            if let subscriptionKey, subscriptionKey.isEmpty { throw ArgumentParser.ValidationError("--subscription-key must not be empty") }
        }

        func run() async throws {
            var configuration = MoMoSimulatorConfiguration(subscriptionKey: subscriptionKey)
            configuration.settleDelay = .milliseconds(settleMilliseconds)
            configuration.callbackDelay = .milliseconds(callbackMilliseconds)
            let transport = CurlTransport()
            let simulator = MoMoSimulator(configuration: configuration, callbackTransport: transport)
            try await simulator.run(host: host, port: port) { port in say("mtn-momo simulator listening on http://\(host):\(port)") }
            await transport.shutdown()
        }
    }
}
