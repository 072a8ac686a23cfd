import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
@testable import Simulators

/// Callbacks captured instead of sent.
actor CallbackRecorder {
    private(set) var requests: [Hub.HTTPRequest] = []

    func append(_ request: Hub.HTTPRequest) { requests.append(request) }

    /// Waits until at least `count` callbacks arrived or `timeout` passed, and returns them all.
    func waitFor(_ count: Int, timeout: Duration = .seconds(3)) async -> [Hub.HTTPRequest] {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return requests
    }
}

/// An `HTTPTransport` that records each request and answers 200.
struct RecordingTransport: HTTPTransport {
    let recorder: CallbackRecorder

    func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
        await recorder.append(request)
        return Hub.HTTPResponse(status: 200)
    }
}

/// A simulator with short delays, a seeded user and a recording callback transport.
struct MoMoTestHarness {
    static let userID = "6f1c2a9e-3b7d-4c5e-8a1f-2d9b0e7c4a31"
    static let apiKey = "seeded-api-key"
    static let settleDelay = Duration.milliseconds(20)
    static let callbackDelay = Duration.milliseconds(10)

    let simulator: MoMoSimulator
    let recorder = CallbackRecorder()

    init(_ configure: (inout MoMoSimulatorConfiguration) -> Void = { _ in }) {
        var configuration = MoMoSimulatorConfiguration(
            seededUsers: [MoMoSeededUser(userID: Self.userID, apiKey: Self.apiKey)],
            settleDelay: Self.settleDelay, callbackDelay: Self.callbackDelay, slowDelay: .milliseconds(200)
        )
        configure(&configuration)
        simulator = MoMoSimulator(configuration: configuration, callbackTransport: RecordingTransport(recorder: recorder))
    }

    /// Runs `body` against the simulator's router, then cancels pending callbacks.
    func withClient(_ body: @escaping @Sendable (MoMoTestClient) async throws -> Void) async throws {
        let app = Application(router: simulator.router())
        try await app.test(.router) { client in try await body(MoMoTestClient(client: client)) }
        await simulator.shutdown()
    }
}

/// A parsed JSON answer.
struct MoMoAnswer: Sendable {
    let status: HTTPResponse.Status
    let bodyText: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any]
    }

    var code: String? { json?["code"] as? String }
}

/// The MoMo calls a client makes, with every header explicit so tests can drop or alter one.
struct MoMoTestClient: Sendable {
    let client: any TestClientProtocol

    static func basic(_ user: String, _ key: String) -> String {
        "Basic " + Data("\(user):\(key)".utf8).base64EncodedString()
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, headers: [String: String], body: String? = nil) async throws -> MoMoAnswer {
        var fields = HTTPFields()
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await client.execute(
            uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }
        ) { response in
            MoMoAnswer(status: response.status, bodyText: String(buffer: response.body))
        }
    }

    func token(
        _ product: MoMoProduct, user: String = MoMoTestHarness.userID, key: String = MoMoTestHarness.apiKey
    ) async throws -> String {
        let answer = try await call(.post, "/\(product.rawValue)/token/", headers: [
            "Authorization": Self.basic(user, key), "Ocp-Apim-Subscription-Key": "sub-key",
        ])
        return answer.json?["access_token"] as? String ?? ""
    }

    func pay(_ call: MoMoPaymentCall) async throws -> MoMoAnswer {
        try await self.call(.post, call.path, headers: call.headers, body: call.body)
    }

    func refund(_ call: MoMoRefundCall) async throws -> MoMoAnswer {
        try await self.call(.post, "/disbursement/\(call.version)/refund", headers: call.headers, body: call.body)
    }

    /// A GET with a valid token, key and environment.
    func get(_ uri: String, token: String) async throws -> MoMoAnswer {
        try await call(.get, uri, headers: [
            "Authorization": "Bearer \(token)", "Ocp-Apim-Subscription-Key": "sub-key", "X-Target-Environment": "sandbox",
        ])
    }

    func status(_ product: MoMoProduct, token: String, reference: String) async throws -> MoMoAnswer {
        try await status(product.paymentKind, token: token, reference: reference)
    }

    func status(_ kind: MoMoTransactionKind, token: String, reference: String) async throws -> MoMoAnswer {
        try await get("/\(kind.product.rawValue)/v1_0/\(kind.rawValue)/\(reference)", token: token)
    }

    func finalStatus(_ product: MoMoProduct, token: String, reference: String, timeout: Duration = .seconds(3)) async throws -> MoMoAnswer {
        try await finalStatus(product.paymentKind, token: token, reference: reference, timeout: timeout)
    }

    /// Polls the status until it is no longer PENDING or `timeout` passed.
    func finalStatus(
        _ kind: MoMoTransactionKind, token: String, reference: String, timeout: Duration = .seconds(3)
    ) async throws -> MoMoAnswer {
        let deadline = ContinuousClock.now + timeout
        while true {
            let answer = try await status(kind, token: token, reference: reference)
            if answer.json?["status"] as? String != "PENDING" || ContinuousClock.now >= deadline { return answer }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// A request-to-pay from `payer` that has reached SUCCESSFUL (or its final state), for refund tests.
    func settledCollection(token: String, payer: String = "250788123456", amount: String = "100") async throws -> MoMoPaymentCall {
        var payment = MoMoPaymentCall(token: token, partyID: payer)
        payment.amountJSON = "\"\(amount)\""
        payment.callbackURL = nil
        _ = try await pay(payment)
        _ = try await finalStatus(.collection, token: token, reference: payment.reference)
        return payment
    }
}

/// One request-to-pay, transfer or deposit, valid until a test alters it.
struct MoMoPaymentCall: Sendable {
    var kind: MoMoTransactionKind
    var version = "v1_0"
    var token: String
    var reference = UUID().uuidString.lowercased()
    var amountJSON = "\"100\""
    var currency = "EUR"
    var partyID = "250788123456"
    var partyIDType = "MSISDN"
    var payerMessage = "Top-up"
    var callbackURL: String? = "http://127.0.0.1:9/momo/callback"
    /// Header replacements; a `nil` value removes the header.
    var overrides: [String: String?] = [:]

    init(product: MoMoProduct = .collection, token: String, partyID: String = "250788123456") {
        self.init(kind: product.paymentKind, token: token, partyID: partyID)
    }

    init(kind: MoMoTransactionKind, token: String, partyID: String = "250788123456") {
        self.kind = kind
        self.token = token
        self.partyID = partyID
    }

    var product: MoMoProduct { kind.product }

    var path: String { "/\(product.rawValue)/\(version)/\(kind.rawValue)" }

    var headers: [String: String] {
        var all = [
            "Authorization": "Bearer \(token)", "Ocp-Apim-Subscription-Key": "sub-key",
            "X-Target-Environment": "sandbox", "X-Reference-Id": reference, "Content-Type": "application/json",
        ]
        if let callbackURL { all["X-Callback-Url"] = callbackURL }
        for (name, value) in overrides { all[name] = value }
        return all
    }

    var body: String {
        """
        {"amount":\(amountJSON),"currency":"\(currency)","externalId":"ext-1",\
        "\(product.partyField)":{"partyIdType":"\(partyIDType)","partyId":"\(partyID)"},\
        "payerMessage":"\(payerMessage)","payeeNote":"note"}
        """
    }
}

/// One refund of `refundedReference`, valid until a test alters it.
struct MoMoRefundCall: Sendable {
    var token: String
    var version = "v1_0"
    var reference = UUID().uuidString.lowercased()
    /// `nil` leaves `referenceIdToRefund` out of the body.
    var refundedReference: String?
    var amountJSON = "\"100\""
    var currency = "EUR"
    var payerMessage = "Refund"
    var payeeNote = "Order 42 refunded"
    var callbackURL: String? = "http://127.0.0.1:9/momo/callback"
    /// Header replacements; a `nil` value removes the header.
    var overrides: [String: String?] = [:]

    init(token: String, refunding refundedReference: String?) {
        self.token = token
        self.refundedReference = refundedReference
    }

    var headers: [String: String] {
        var all = [
            "Authorization": "Bearer \(token)", "Ocp-Apim-Subscription-Key": "sub-key",
            "X-Target-Environment": "sandbox", "X-Reference-Id": reference, "Content-Type": "application/json",
        ]
        if let callbackURL { all["X-Callback-Url"] = callbackURL }
        for (name, value) in overrides { all[name] = value }
        return all
    }

    var body: String {
        let refunded = refundedReference.map { ",\"referenceIdToRefund\":\"\($0)\"" } ?? ""
        return """
            {"amount":\(amountJSON),"currency":"\(currency)","externalId":"refund-1",\
            "payerMessage":"\(payerMessage)","payeeNote":"\(payeeNote)"\(refunded)}
            """
    }
}

/// The documented MoMo answers under `fixtures/mtn-momo/`.
enum MoMoFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/mtn-momo")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}
