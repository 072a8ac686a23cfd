import Foundation
import Hub
import HubServer
import Hummingbird
import Logging
import HubConfiguration
import ProviderPlugins
import ServiceLifecycle
import Simulators

/// Everything a benchmark talks to, in this process on loopback ports: the hub (SQLite in a scratch
/// folder, no poller, no event dispatcher), the MTN MoMo and Stripe simulators, and a bare server of the
/// same stack (`GET /hello`, and `POST /proxy/requesttopay`, which relays a request to the MoMo simulator
/// through a `CurlTransport` and its answer back).
///
/// The MoMo simulator settles and calls back only after an hour, so every top-up stays pending and no
/// callback competes with a measurement.
struct BenchRig: Sendable {
    let store: SQLiteStore
    let folder: String
    let hubURL: String
    let apiKey: String
    let callbackToken: String
    /// The MoMo simulator's address and the credentials made up for the run (`collection.api_user`, …).
    let momo: SimulatorConnection
    let stripeSecret: String
    let bareURL: String
    /// The load generator's own HTTP client, apart from the hub's.
    let client: CurlTransport

    /// Milliseconds before the simulators settle and notify: an hour.
    static let settleMilliseconds = "3600000"

    /// Starts everything, runs `body` with it, then stops everything and returns what `body` returned.
    static func run<Outcome: Sendable>(folder: String, body: @escaping @Sendable (BenchRig) async throws -> Outcome) async throws -> Outcome {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "hub.bench")
        logger.logLevel = .error
        let store = try SQLiteStore(path: folder + "/hub.sqlite")
        let transport = CurlTransport()
        let client = CurlTransport(configuration: .init(maxIdleConnections: 256))
        let callbackToken = HubServerConfiguration.randomToken()
        let apiKey = HubServerConfiguration.randomToken(prefix: "bench_")
        guard let hubPort = LoopbackPort.reserve() else { throw BenchError("no free loopback port") }
        let callbackBase = "http://127.0.0.1:\(hubPort)/webhooks"
        var simulators = EmbeddedSimulators(transport: transport, logger: logger, signals: [])
        let outcome: Result<Outcome, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
            do {
                // The built-in configuration: one simulated provider of each type, started through its plugin.
                var connections: [String: SimulatorConnection] = [:]
                var providers: [any PaymentProvider] = []
                for provider in try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [:]).configuration.providers {
                    guard let plugin = providerPlugins[type: provider.type]?.simulator else { continue }
                    let connection = try await simulators.start(
                        plugin, pace: .fast, notificationURL: "\(callbackBase)/\(provider.id)/\(callbackToken)",
                        options: ["settle-ms": settleMilliseconds, "callback-delay-ms": settleMilliseconds, "webhook-delay-ms": settleMilliseconds]
                            .filter { name, _ in plugin.options.contains { $0.name == name } },
                        in: &group)
                    connections[provider.type] = connection
                    providers.append(provider.provider(connectedTo: connection))
                }
                guard let momo = connections["mtn-momo"], let stripe = connections["stripe"] else { throw BenchError("the bench needs the mtn-momo and stripe plugins") }
                let hub = HubService(store: store, registry: ProviderRegistry(providers),
                                     transport: transport, logger: logger, callbackURL: { "\(callbackBase)/\($0)/\(callbackToken)" })
                let app = HubServer.application(
                    hub: hub, configuration: HubServerConfiguration(apiKeys: [apiKey], callbackToken: callbackToken),
                    host: "127.0.0.1", port: hubPort, logger: logger, poller: nil) { _ in }
                let hubGroup = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
                simulators.groups.append(hubGroup)
                group.addTask { try await hubGroup.run() }
                let barePort = try await simulators.start({ ready in
                    Self.bareApplication(momoURL: momo.baseURL, transport: transport, logger: logger, onReady: ready)
                }, in: &group)
                try await Self.waitUntilListening("http://127.0.0.1:\(hubPort)/healthz", client: client)
                let rig = BenchRig(store: store, folder: folder, hubURL: "http://127.0.0.1:\(hubPort)", apiKey: apiKey,
                                   callbackToken: callbackToken, momo: momo, stripeSecret: stripe["webhook_secret"],
                                   bareURL: "http://127.0.0.1:\(barePort)", client: client)
                let result: Result<Outcome, any Error>
                do { result = .success(try await body(rig)) } catch { result = .failure(error) }
                for serviceGroup in simulators.groups { await serviceGroup.triggerGracefulShutdown() }
                try await group.waitForAll()
                await simulators.shutdown()
                return result
            } catch {
                for serviceGroup in simulators.groups { await serviceGroup.triggerGracefulShutdown() }
                group.cancelAll()
                return .failure(error)
            }
        }
        simulators.groups.removeAll()
        await client.shutdown()
        await transport.shutdown()
        return try outcome.get()
    }

    /// The same HTTP stack as the hub with no hub logic: the ceiling for one exchange, and a relay.
    static func bareApplication(momoURL: String, transport: CurlTransport, logger: Logger,
                                onReady: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.get("hello") { _, _ in "hello" }
        let relayed: Set = ["authorization", "x-reference-id", "x-target-environment", "x-callback-url", "ocp-apim-subscription-key", "content-type"]
        router.post("proxy/requesttopay") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 64 * 1024)
            let headers: [(name: String, value: String)] = request.headers.compactMap { field in
                relayed.contains(field.name.canonicalName) ? (name: field.name.canonicalName, value: field.value) : nil
            }
            let answer = try await transport.send(Hub.HTTPRequest(method: "POST", url: momoURL + "/collection/v1_0/requesttopay",
                                                              headers: headers, body: Data(body.readableBytesView)))
            return Response(status: .init(code: answer.status), body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "bench-bare"),
                           onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) }, logger: logger)
    }

    static func waitUntilListening(_ url: String, client: CurlTransport) async throws {
        for _ in 0..<200 {
            if let answer = try? await client.send(Hub.HTTPRequest(method: "GET", url: url)), answer.status < 500 { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        throw BenchError("the hub did not start listening")
    }

    // MARK: Requests

    func topUp(_ index: Int) -> Hub.HTTPRequest {
        let body = #"{"wallet_id":"bench-\#(index % 256)","amount":100,"currency":"RWF","source":{"type":"mobile_money","msisdn":"+250788123456"}}"#
        return Hub.HTTPRequest(method: "POST", url: hubURL + "/v1/top-ups", headers: [
            ("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json"), ("Idempotency-Key", UUID().uuidString),
        ], body: Data(body.utf8))
    }

    /// A request-to-pay as the hub's MoMo adapter sends it, aimed at `base` (the simulator or the relay).
    func requestToPay(_ url: String, token: String) -> Hub.HTTPRequest {
        let body = #"{"amount":"100","currency":"RWF","externalId":"\#(UUID().uuidString.lowercased())","payer":{"partyIdType":"MSISDN","partyId":"250788123456"},"payerMessage":"Miliano top-up","payeeNote":"Miliano top-up"}"#
        return Hub.HTTPRequest(method: "POST", url: url, headers: [
            ("Authorization", "Bearer \(token)"), ("X-Reference-Id", UUID().uuidString.lowercased()),
            ("X-Target-Environment", momo["target_environment"]), ("X-Callback-Url", "\(hubURL)/webhooks/mtn-momo/\(callbackToken)"),
            ("Ocp-Apim-Subscription-Key", momo["collection.subscription_key"]), ("Content-Type", "application/json"),
        ], body: Data(body.utf8))
    }

    /// A collection access token from the simulator, as the adapter obtains one.
    func momoToken() async throws -> String {
        let basic = Data("\(momo["collection.api_user"]):\(momo["collection.api_key"])".utf8).base64EncodedString()
        let answer = try await client.send(Hub.HTTPRequest(method: "POST", url: momo.baseURL + "/collection/token/", headers: [
            ("Authorization", "Basic \(basic)"), ("Ocp-Apim-Subscription-Key", momo["collection.subscription_key"]),
        ]))
        guard answer.status == 200, let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
              let token = object["access_token"] as? String else {
            throw BenchError("the MoMo simulator refused a token (HTTP \(answer.status))")
        }
        return token
    }
}
