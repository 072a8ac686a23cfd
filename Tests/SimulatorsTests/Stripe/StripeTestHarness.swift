import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
@testable import Simulators

/// A webhook endpoint that records each request and answers with scripted statuses (200 once the script
/// runs out).
actor StripeWebhookReceiver {
    private(set) var requests: [Hub.HTTPRequest] = []
    private var script: [Int]

    init(script: [Int] = []) {
        self.script = script
    }

    func receive(_ request: Hub.HTTPRequest) -> Int {
        requests.append(request)
        return script.isEmpty ? 200 : script.removeFirst()
    }

    /// Waits until at least `count` requests arrived or `timeout` passed, and returns them all.
    func waitFor(_ count: Int, timeout: Duration = .seconds(3)) async -> [Hub.HTTPRequest] {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return requests
    }
}

struct StripeReceivingTransport: HTTPTransport {
    let receiver: StripeWebhookReceiver

    func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
        Hub.HTTPResponse(status: await receiver.receive(request))
    }
}

/// A simulator with short delays, a webhook endpoint and a recording transport.
struct StripeTestHarness {
    static let apiKey = "sk_test_51HubSimulatorKey0000000000"
    static let webhookURL = "http://127.0.0.1:9/webhooks/stripe"
    static let webhookSecret = "whsec_simulator_test_secret"

    let simulator: StripeSimulator
    let receiver: StripeWebhookReceiver

    init(script: [Int] = [], _ configure: (inout StripeSimulatorConfiguration) -> Void = { _ in }) {
        var configuration = StripeSimulatorConfiguration(
            webhook: try! StripeWebhookEndpoint(url: Self.webhookURL, secret: Self.webhookSecret),
            settleDelay: .milliseconds(40), webhookDelay: .milliseconds(5), webhookRetryBackoff: .milliseconds(10)
        )
        configure(&configuration)
        receiver = StripeWebhookReceiver(script: script)
        simulator = StripeSimulator(configuration: configuration, webhookTransport: StripeReceivingTransport(receiver: receiver))
    }

    /// Runs `body` against the simulator's router, then cancels pending deliveries.
    func withClient(_ body: @escaping @Sendable (StripeTestClient) async throws -> Void) async throws {
        let app = Application(router: simulator.router())
        try await app.test(.router) { client in try await body(StripeTestClient(client: client)) }
        await simulator.shutdown()
    }
}

/// An answer with its JSON parsed.
struct StripeAnswer: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let bodyText: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any]
    }

    var error: [String: Any]? { json?["error"] as? [String: Any] }

    func header(_ name: String) -> String? {
        headers.first { $0.name.canonicalName == name.lowercased() }?.value
    }
}

/// Stripe calls with form bodies; every header is explicit so tests can drop or alter one.
struct StripeTestClient: Sendable {
    let client: any TestClientProtocol

    static func form(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    func call(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, key: String? = StripeTestHarness.apiKey,
        headers: [String: String] = [:]
    ) async throws -> StripeAnswer {
        var fields = HTTPFields()
        if let key { fields[.authorization] = "Bearer \(key)" }
        if body != nil { fields[.contentType] = "application/x-www-form-urlencoded" }
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) {
            StripeAnswer(status: $0.status, headers: $0.headers, bodyText: String(buffer: $0.body))
        }
    }

    func post(
        _ path: String, _ pairs: [(String, String)], key: String? = StripeTestHarness.apiKey, idempotencyKey: String? = nil
    ) async throws -> StripeAnswer {
        try await call(.post, path, body: Self.form(pairs), key: key, headers: idempotencyKey.map { ["Idempotency-Key": $0] } ?? [:])
    }

    /// Creates and confirms a PaymentIntent of `amount` minor units.
    func pay(
        _ method: String = "pm_card_visa", amount: String = "5000", currency: String = "rwf", idempotencyKey: String? = nil
    ) async throws -> StripeAnswer {
        try await post("/v1/payment_intents", [
            ("amount", amount), ("currency", currency), ("payment_method", method), ("confirm", "true"),
            ("metadata[reference]", "topup-1"),
        ], idempotencyKey: idempotencyKey)
    }

    func refund(_ intentID: String, amount: String? = nil, idempotencyKey: String? = nil) async throws -> StripeAnswer {
        var pairs = [("payment_intent", intentID)]
        if let amount { pairs.append(("amount", amount)) }
        return try await post("/v1/refunds", pairs, idempotencyKey: idempotencyKey)
    }
}
