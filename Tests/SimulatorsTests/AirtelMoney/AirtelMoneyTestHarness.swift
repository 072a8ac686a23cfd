import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
import Webhooks
@testable import Simulators

/// Callbacks captured instead of sent, answered 200.
actor AirtelMoneyCallbackRecorder {
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

struct AirtelMoneyRecordingTransport: HTTPTransport {
    let recorder: AirtelMoneyCallbackRecorder

    func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
        await recorder.append(request)
        return Hub.HTTPResponse(status: 200)
    }
}

/// A simulator with short delays, known credentials, a callback URL with a hash key, and a recording transport.
struct AirtelMoneyTestHarness {
    static let clientID = "c02e9e46-db9d-4faf-b91a-94f88bbe688c"
    static let clientSecret = "ab672211-4197-4c11-ba79-b29ce2034ca2"
    static let pin = "4321"
    static let hashKey = "airtel-callback-hash-key"
    static let callbackURL = "http://127.0.0.1:9/webhooks/airtel-money"
    static let settleDelay = Duration.milliseconds(20)
    static let ambiguousDelay = Duration.milliseconds(120)
    /// One key pair for every test: generating one per test would only cost time.
    static let key = RSAPrivateKey.generate(bits: 1024)

    let simulator: AirtelMoneySimulator
    let recorder = AirtelMoneyCallbackRecorder()

    init(_ configure: (inout AirtelMoneySimulatorConfiguration) -> Void = { _ in }) {
        var configuration = AirtelMoneySimulatorConfiguration(
            clientID: Self.clientID, clientSecret: Self.clientSecret, pin: Self.pin, encryptionKey: Self.key,
            callbackURL: Self.callbackURL, callbackHashKey: Self.hashKey, settleDelay: Self.settleDelay,
            ambiguousDelay: Self.ambiguousDelay, callbackDelay: .milliseconds(10), hangDelay: .milliseconds(300)
        )
        configure(&configuration)
        simulator = AirtelMoneySimulator(configuration: configuration, callbackTransport: AirtelMoneyRecordingTransport(recorder: recorder))
    }

    /// Runs `body` against the simulator's router, then cancels pending callbacks.
    func withClient(_ body: @escaping @Sendable (AirtelMoneyTestClient) async throws -> Void) async throws {
        let app = Application(router: simulator.router())
        try await app.test(.router) { client in
            let test = AirtelMoneyTestClient(client: client)
            try await body(test.authenticated(try await test.token()))
        }
        await simulator.shutdown()
    }
}

/// A parsed JSON answer.
struct AirtelMoneyAnswer: Sendable {
    let status: HTTPResponse.Status
    let bodyText: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any]
    }

    var statusBlock: [String: Any]? { json?["status"] as? [String: Any] }
    var responseCode: String? { statusBlock?["response_code"] as? String }
    var resultCode: String? { statusBlock?["result_code"] as? String }
    var success: Bool? { statusBlock?["success"] as? Bool }
    var transaction: [String: Any]? { (json?["data"] as? [String: Any])?["transaction"] as? [String: Any] }
    var transactionStatus: String? { transaction?["status"] as? String }
}

/// The Airtel calls a client makes, with every header explicit so tests can drop or alter one.
struct AirtelMoneyTestClient: Sendable {
    let client: any TestClientProtocol
    var bearer = ""

    func authenticated(_ token: String) -> AirtelMoneyTestClient {
        var copy = self
        copy.bearer = token
        return copy
    }

    func call(
        _ method: HTTPRequest.Method, _ uri: String, headers: [String: String], body: [UInt8]? = nil
    ) async throws -> AirtelMoneyAnswer {
        var fields = HTTPFields()
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(bytes: $0) }) { response in
            AirtelMoneyAnswer(status: response.status, bodyText: String(buffer: response.body))
        }
    }

    func tokenAnswer(id: String = AirtelMoneyTestHarness.clientID, secret: String = AirtelMoneyTestHarness.clientSecret,
                     grantType: String = "client_credentials") async throws -> AirtelMoneyAnswer {
        let body = #"{"client_id":"\#(id)","client_secret":"\#(secret)","grant_type":"\#(grantType)"}"#
        return try await call(.post, "/auth/oauth2/token", headers: ["Content-Type": "application/json", "Accept": "*/*"],
                              body: Array(body.utf8))
    }

    func token() async throws -> String {
        try await tokenAnswer().json?["access_token"] as? String ?? ""
    }

    /// The headers of an authorised call in `country`/`currency`; a `nil` override removes a header.
    func headers(country: String = "UG", currency: String = "UGX", overrides: [String: String?] = [:]) -> [String: String] {
        var all = ["Authorization": "Bearer \(bearer)", "X-Country": country, "X-Currency": currency,
                   "Content-Type": "application/json", "Accept": "*/*"]
        for (name, value) in overrides { all[name] = value }
        return all
    }

    func get(_ uri: String, overrides: [String: String?] = [:]) async throws -> AirtelMoneyAnswer {
        try await call(.get, uri, headers: headers(overrides: overrides))
    }

    func collect(_ collection: AirtelMoneyCollectionCall) async throws -> AirtelMoneyAnswer {
        try await call(.post, collection.path, headers: headers(country: collection.country, currency: collection.currency,
                                                                 overrides: collection.headerOverrides), body: collection.bodyBytes)
    }

    func enquiry(_ id: String) async throws -> AirtelMoneyAnswer {
        try await get("/standard/v1/payments/\(id)")
    }

    /// Polls the collection enquiry until the status is final (or `until` returns true) or `timeout` passed.
    func finalEnquiry(_ id: String, timeout: Duration = .seconds(2)) async throws -> AirtelMoneyAnswer {
        let deadline = ContinuousClock.now + timeout
        while true {
            let answer = try await enquiry(id)
            let status = answer.transactionStatus
            if status == "TS" || status == "TF" || status == "TE" || answer.status == .notFound || ContinuousClock.now >= deadline {
                return answer
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    func disburse(_ disbursement: AirtelMoneyDisbursementCall) async throws -> AirtelMoneyAnswer {
        try await call(.post, disbursement.path, headers: headers(overrides: disbursement.headerOverrides), body: disbursement.bodyBytes)
    }

    func refund(airtelMoneyID: String, version: String = "v1", signed: Bool = false) async throws -> AirtelMoneyAnswer {
        let body = Array(#"{"transaction":{"airtel_money_id":"\#(airtelMoneyID)"}}"#.utf8)
        var overrides: [String: String?] = [:]
        if signed {
            let signature = try AirtelMoneySigner.sign(body)
            overrides = ["x-key": signature.xKey, "x-signature": signature.xSignature]
        }
        return try await call(.post, "/standard/\(version)/payments/refund", headers: headers(overrides: overrides), body: body)
    }

    /// A collection from `msisdn` that has reached its final state; its enquiry answer.
    func settledCollection(msisdn: String = "752604392", amount: String = "1500") async throws -> AirtelMoneyAnswer {
        var collection = AirtelMoneyCollectionCall(msisdn: msisdn)
        collection.amountJSON = amount
        _ = try await collect(collection)
        return try await finalEnquiry(collection.id)
    }
}

/// Airtel's v2 message signing and PIN encryption from the client's side, with the harness's public key.
enum AirtelMoneySigner {
    /// `x-key` and `x-signature` for `body`, with a fresh AES key and IV unless given.
    static func sign(
        _ body: [UInt8], padding: RSAPadding = .pkcs1, key: [UInt8] = SecureRandom.bytes(count: 32),
        iv: [UInt8] = SecureRandom.bytes(count: 16),
        publicKey: RSAPublicKey = AirtelMoneyTestHarness.key.publicKey
    ) throws -> (xKey: String, xSignature: String) {
        let sessionKey = Array((Base64.encode(key) + ":" + Base64.encode(iv)).utf8)
        let xKey = Base64.encode(try publicKey.encrypt(sessionKey, padding: padding))
        return (xKey, Base64.encode(try AES256CBC.encrypt(body, key: key, iv: iv)))
    }

    /// base64(RSA(PIN)).
    static func encryptPIN(_ pin: String = AirtelMoneyTestHarness.pin, padding: RSAPadding = .pkcs1,
                           publicKey: RSAPublicKey = AirtelMoneyTestHarness.key.publicKey) throws -> String {
        Base64.encode(try publicKey.encrypt(Array(pin.utf8), padding: padding))
    }
}

/// One collection, valid until a test alters it.
struct AirtelMoneyCollectionCall: Sendable {
    var version = "v1"
    var trailingSlash = true
    var id = UUID().uuidString.lowercased()
    var msisdn = "752604392"
    /// The amount as it appears in JSON: `1500` (a number) or `"1500"` (a string).
    var amountJSON = "1500"
    var country = "UG"
    var currency = "UGX"
    /// Sign a v2 body; `false` sends it without `x-key` and `x-signature`.
    var signed = true
    var padding = RSAPadding.pkcs1
    /// Header replacements; a `nil` value removes the header.
    var overrides: [String: String?] = [:]
    /// A body sent instead of `body`, after signing `body` (a body altered after signing).
    var sentBody: String?

    init(msisdn: String = "752604392", version: String = "v1") {
        self.msisdn = msisdn
        self.version = version
    }

    var path: String { "/merchant/\(version)/payments" + (trailingSlash ? "/" : "") }

    var body: String {
        """
        {"reference":"Testing transaction","subscriber":{"country":"\(country)","currency":"\(currency)","msisdn":"\(msisdn)"},\
        "transaction":{"amount":\(amountJSON),"country":"\(country)","currency":"\(currency)","id":"\(id)"}}
        """
    }

    var bodyBytes: [UInt8] { Array((sentBody ?? body).utf8) }

    var headerOverrides: [String: String?] {
        var all: [String: String?] = [:]
        if version == "v2", signed, let signature = try? AirtelMoneySigner.sign(Array(body.utf8), padding: padding) {
            all = ["x-key": signature.xKey, "x-signature": signature.xSignature]
        }
        for (name, value) in overrides { all[name] = value }
        return all
    }
}

/// One disbursement, valid until a test alters it.
struct AirtelMoneyDisbursementCall: Sendable {
    var version = "v1"
    var id = UUID().uuidString.lowercased()
    var reference = "AB12345141"
    var msisdn = "752604392"
    var amountJSON = "1000"
    var type: String? = "B2C"
    /// The `pin` field's JSON; `nil` leaves it out.
    var pinJSON: String?
    var signed = false
    var overrides: [String: String?] = [:]

    init(msisdn: String = "752604392", version: String = "v1", pin: String? = nil) {
        self.msisdn = msisdn
        self.version = version
        pinJSON = "\"\((try? AirtelMoneySigner.encryptPIN(pin ?? AirtelMoneyTestHarness.pin)) ?? "")\""
    }

    var path: String { "/standard/\(version)/disbursements/" }

    var body: String {
        let payee = version == "v1" ? #""msisdn":"\#(msisdn)","wallet_type":"NORMAL""#
            : #""msisdn":"\#(msisdn)","currency":"UGX","name":"Bob""#
        let pin = pinJSON.map { #","pin":\#($0)"# } ?? ""
        let typeField = type.map { #","type":"\#($0)""# } ?? ""
        return #"{"payee":{\#(payee)},"reference":"\#(reference)"\#(pin),"#
            + #""transaction":{"amount":\#(amountJSON),"id":"\#(id)"\#(typeField)}}"#
    }

    var bodyBytes: [UInt8] { Array(body.utf8) }

    var headerOverrides: [String: String?] {
        var all: [String: String?] = [:]
        if signed, let signature = try? AirtelMoneySigner.sign(bodyBytes) {
            all = ["x-key": signature.xKey, "x-signature": signature.xSignature]
        }
        for (name, value) in overrides { all[name] = value }
        return all
    }
}
