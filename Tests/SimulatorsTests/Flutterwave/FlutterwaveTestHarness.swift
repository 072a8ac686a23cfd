import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
@testable import Simulators

/// A webhook endpoint that records each request and answers with scripted statuses (200 once the script
/// runs out).
actor FlutterwaveWebhookReceiver {
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

struct FlutterwaveReceivingTransport: HTTPTransport {
    let receiver: FlutterwaveWebhookReceiver

    func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
        Hub.HTTPResponse(status: await receiver.receive(request))
    }
}

/// A simulator with short delays, a webhook endpoint that sends both `verif-hash` and
/// `flutterwave-signature`, and a recording transport.
struct FlutterwaveTestHarness {
    static let secretKey = "FLWSECK_TEST-6d2f9a1c0b7e4d3f8a5b2c1d0e9f8a7b-X"
    static let webhookURL = "http://127.0.0.1:9/webhooks/flutterwave"
    static let secretHash = "flw-simulator-secret-hash"

    let simulator: FlutterwaveSimulator
    let receiver: FlutterwaveWebhookReceiver

    init(script: [Int] = [], _ configure: (inout FlutterwaveSimulatorConfiguration) -> Void = { _ in }) {
        var configuration = FlutterwaveSimulatorConfiguration(
            webhook: try! FlutterwaveWebhookEndpoint(url: Self.webhookURL, secretHash: Self.secretHash, signatureSecret: Self.secretHash),
            chargeSettleDelay: .milliseconds(30), transferSettleDelay: .milliseconds(30),
            transferMockMinute: .milliseconds(20), webhookDelay: .milliseconds(5), webhookRetryInterval: .milliseconds(10),
            slowDelay: .milliseconds(200), timeoutDelay: .milliseconds(250)
        )
        configure(&configuration)
        receiver = FlutterwaveWebhookReceiver(script: script)
        simulator = FlutterwaveSimulator(configuration: configuration, webhookTransport: FlutterwaveReceivingTransport(receiver: receiver))
    }

    /// Runs `body` against the simulator's router, then cancels pending deliveries.
    func withClient(_ body: @escaping @Sendable (FlutterwaveTestClient) async throws -> Void) async throws {
        let app = Application(router: simulator.router())
        try await app.test(.router) { client in try await body(FlutterwaveTestClient(client: client)) }
        await simulator.shutdown()
    }
}

/// An answer with its JSON parsed twice: by Foundation for convenience, and by the simulator's own parser
/// where a number's exact text matters.
struct FlutterwaveAnswer: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let bodyText: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any]
    }

    var data: [String: Any]? { json?["data"] as? [String: Any] }
    var message: String? { json?["message"] as? String }
    var envelopeStatus: String? { json?["status"] as? String }

    /// The body parsed exactly (numbers keep their text).
    var exact: SimulatorJSON? { try? SimulatorJSONParser.parse(Array(bodyText.utf8)) }

    /// The text of `data.<key>` when it is a JSON number.
    func number(_ key: String) -> String? {
        guard case .number(let text)? = exact?["data"]?[key] else { return nil }
        return text
    }
}

/// Flutterwave calls with JSON bodies written as text, so amounts are sent exactly as a test spells them.
struct FlutterwaveTestClient: Sendable {
    let client: any TestClientProtocol

    func call(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, key: String? = FlutterwaveTestHarness.secretKey,
        headers: [String: String] = [:]
    ) async throws -> FlutterwaveAnswer {
        var fields = HTTPFields()
        if let key { fields[.authorization] = "Bearer \(key)" }
        if body != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) {
            FlutterwaveAnswer(status: $0.status, headers: $0.headers, bodyText: String(buffer: $0.body))
        }
    }

    /// `POST /v3/charges?type=…` with the usual fields; `amount` is the JSON literal (`1500`, `"1500"`, `10.5`).
    func chargeMobileMoney(
        _ type: String = "mobile_money_uganda", txRef: String = "MC-\(UUID().uuidString)", amount: String = "1500",
        currency: String = "UGX", phone: String = "256772123456", extra: String = ""
    ) async throws -> FlutterwaveAnswer {
        let body = #"{"tx_ref":"\#(txRef)","amount":\#(amount),"currency":"\#(currency)","email":"payer@example.com","#
            + #""phone_number":"\#(phone)","fullname":"Test Payer"\#(extra)}"#
        return try await call(.post, "/v3/charges?type=\(type)", body: body)
    }

    func chargeToken(
        _ token: String = "flw-t1nf-5531886652142950-m03k", txRef: String = "TK-\(UUID().uuidString)",
        amount: String = "2000", currency: String = "NGN"
    ) async throws -> FlutterwaveAnswer {
        let body = #"{"token":"\#(token)","tx_ref":"\#(txRef)","amount":\#(amount),"currency":"\#(currency)","#
            + #""country":"NG","email":"user@example.com","first_name":"Ada","last_name":"Lovelace","narration":"Top-up"}"#
        return try await call(.post, "/v3/tokenized-charges", body: body)
    }

    /// `POST /v3/transfers`; `extra` is appended inside the object (start it with a comma).
    func transfer(
        bank: String = "MTN", account: String = "256772123456", amount: String = "350", currency: String = "UGX",
        reference: String = "TR-\(UUID().uuidString)", beneficiary: String? = "Catherine Ampaire", extra: String = ""
    ) async throws -> FlutterwaveAnswer {
        var body = #"{"account_bank":"\#(bank)","account_number":"\#(account)","amount":\#(amount),"#
            + #""currency":"\#(currency)","reference":"\#(reference)","narration":"Withdrawal""#
        if let beneficiary { body += #","beneficiary_name":"\#(beneficiary)""# }
        return try await call(.post, "/v3/transfers", body: body + extra + "}")
    }

    func verify(txRef: String) async throws -> FlutterwaveAnswer {
        try await call(.get, "/v3/transactions/verify_by_reference?tx_ref=\(txRef)")
    }

    /// Verifies `txRef` until its status leaves `pending` or `timeout` passes; returns the last answer.
    func finalCharge(txRef: String, timeout: Duration = .seconds(15)) async throws -> FlutterwaveAnswer {
        let deadline = ContinuousClock.now + timeout
        var answer = try await verify(txRef: txRef)
        while answer.data?["status"] as? String == "pending", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            answer = try await verify(txRef: txRef)
        }
        return answer
    }

    /// Fetches transfer `id` until it is `SUCCESSFUL` or `FAILED` or `timeout` passes.
    func finalTransfer(id: Int, timeout: Duration = .seconds(15)) async throws -> FlutterwaveAnswer {
        let deadline = ContinuousClock.now + timeout
        var answer = try await call(.get, "/v3/transfers/\(id)")
        while ["NEW", "PENDING"].contains(answer.data?["status"] as? String ?? ""), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            answer = try await call(.get, "/v3/transfers/\(id)")
        }
        return answer
    }
}

/// Files from `fixtures/flutterwave/`.
enum FlutterwaveFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/flutterwave")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
