import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
import Webhooks
@testable import Simulators

/// Notifications captured instead of sent.
actor MPesaNotificationRecorder {
    private(set) var requests: [Hub.HTTPRequest] = []

    func append(_ request: Hub.HTTPRequest) { requests.append(request) }

    /// Waits until at least `count` notifications arrived or `timeout` passed, and returns them all.
    func waitFor(_ count: Int, timeout: Duration = .seconds(3)) async -> [Hub.HTTPRequest] {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        return requests
    }

    /// The bodies of the notifications sent to `url`.
    func bodies(to url: String) -> [Data] {
        requests.filter { $0.url == url }.compactMap(\.body)
    }
}

/// An `HTTPTransport` that records each request and answers 200.
struct MPesaRecordingTransport: HTTPTransport {
    let recorder: MPesaNotificationRecorder

    func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
        await recorder.append(request)
        return Hub.HTTPResponse(status: 200, body: Data(#"{"ResultCode":0,"ResultDesc":"Accepted"}"#.utf8))
    }
}

/// One key pair for the whole suite: generating 2048-bit keys takes tens of milliseconds each.
enum MPesaTestKey {
    static let key = RSAPrivateKey.generate()
}

/// A simulator with short delays and a recording notification transport.
struct MPesaTestHarness {
    static let consumerKey = "test-consumer-key"
    static let consumerSecret = "test-consumer-secret"
    static let passkey = MPesaSimulatorConfiguration.sandboxPasskey
    static let callbackURL = "https://hub.example.ke/webhooks/mpesa/stk?ref=order-1"
    static let resultURL = "https://hub.example.ke/webhooks/mpesa/b2c/result"
    static let timeoutURL = "https://hub.example.ke/webhooks/mpesa/b2c/timeout"
    static let statusURL = "https://hub.example.ke/webhooks/mpesa/status/result"

    let simulator: MPesaSimulator
    let recorder = MPesaNotificationRecorder()

    init(_ configure: (inout MPesaSimulatorConfiguration) -> Void = { _ in }) {
        var configuration = MPesaSimulatorConfiguration(
            consumerKey: Self.consumerKey, consumerSecret: Self.consumerSecret, credentialKey: MPesaTestKey.key,
            settleDelay: .milliseconds(30), resultDelay: .milliseconds(30), repeatDelay: .milliseconds(10), hangDelay: .milliseconds(300)
        )
        configure(&configuration)
        simulator = MPesaSimulator(configuration: configuration, notificationTransport: MPesaRecordingTransport(recorder: recorder))
    }

    /// Runs `body` against the simulator's router, then cancels pending notifications.
    func withClient(_ body: @escaping @Sendable (MPesaTestClient) async throws -> Void) async throws {
        let app = Application(router: simulator.router())
        let simulator = simulator
        try await app.test(.router) { client in try await body(MPesaTestClient(client: client, simulator: simulator)) }
        await simulator.shutdown()
    }
}

/// A parsed Daraja answer.
struct MPesaAnswer: Sendable {
    let status: HTTPResponse.Status
    let bodyText: String

    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bodyText.utf8))) as? [String: Any]
    }

    subscript(key: String) -> String? { json?[key] as? String }
    var errorCode: String? { self["errorCode"] }
    var errorMessage: String? { self["errorMessage"] }
}

/// The Daraja calls a client makes, with bodies written as text so a test controls every literal.
struct MPesaTestClient: Sendable {
    let client: any TestClientProtocol
    let simulator: MPesaSimulator

    static func basic(_ key: String, _ secret: String) -> String {
        "Basic " + Data("\(key):\(secret)".utf8).base64EncodedString()
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, headers: [String: String], body: String? = nil) async throws -> MPesaAnswer {
        var fields = HTTPFields()
        for (name, value) in headers { fields[.init(name)!] = value }
        return try await client.execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) {
            MPesaAnswer(status: $0.status, bodyText: String(buffer: $0.body))
        }
    }

    func tokenAnswer(
        key: String = MPesaTestHarness.consumerKey, secret: String = MPesaTestHarness.consumerSecret, grant: String = "client_credentials"
    ) async throws -> MPesaAnswer {
        try await call(.get, "/oauth/v1/generate?grant_type=\(grant)", headers: ["Authorization": Self.basic(key, secret)])
    }

    func token() async throws -> String {
        try await tokenAnswer()["access_token"] ?? ""
    }

    /// A POST with a bearer token and a JSON content type; `headers` replace or remove (`nil`) those.
    func post(_ uri: String, token: String, body: String, headers: [String: String?] = [:]) async throws -> MPesaAnswer {
        var all: [String: String] = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        for (name, value) in headers { all[name] = value }
        return try await call(.post, uri, headers: all, body: body)
    }

    func stkPush(_ push: MPesaSTKCall, token: String) async throws -> MPesaAnswer {
        try await post("/mpesa/stkpush/v1/processrequest", token: token, body: push.body)
    }

    func stkQuery(_ checkoutRequestID: String, token: String, timestamp: String = MPesaSTKCall.now()) async throws -> MPesaAnswer {
        let password = MPesaValidation.password(shortcode: "174379", passkey: MPesaTestHarness.passkey, timestamp: timestamp)
        return try await post("/mpesa/stkpushquery/v1/query", token: token, body: """
            {"BusinessShortCode":"174379","Password":"\(password)","Timestamp":"\(timestamp)","CheckoutRequestID":"\(checkoutRequestID)"}
            """)
    }

    func b2c(_ payment: MPesaB2CCall, token: String) async throws -> MPesaAnswer {
        let body = payment.body(credential: payment.credential ?? credential())
        return try await post("/mpesa/b2c/\(payment.version)/paymentrequest", token: token, body: body)
    }

    func credential() -> String {
        (try? simulator.issueSecurityCredential()) ?? ""
    }

    /// Polls the STK query until it stops answering "being processed" or `timeout` passes.
    func finalQuery(_ checkoutRequestID: String, token: String, timeout: Duration = .seconds(3)) async throws -> MPesaAnswer {
        let deadline = ContinuousClock.now + timeout
        while true {
            let answer = try await stkQuery(checkoutRequestID, token: token)
            if answer.errorCode != "500.001.1001" || ContinuousClock.now >= deadline { return answer }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// One STK push, valid until a test alters it. Values are JSON literals (`"174379"` or `174379`).
struct MPesaSTKCall: Sendable {
    var shortcode = "174379"
    var timestamp = MPesaSTKCall.now()
    var password: String?
    var transactionType = "\"CustomerPayBillOnline\""
    var amount = "150"
    var partyA = "254708374149"
    var partyB = "174379"
    var phone = "254708374149"
    var callbackURL = MPesaTestHarness.callbackURL
    var reference = "order-1"
    var description = "Top-up"
    var extra = ""

    init(phone: String = "254708374149") {
        self.phone = phone
        self.partyA = phone
    }

    /// `Timestamp` now, Nairobi time.
    static func now() -> String {
        MPesaClock.string(Date(), format: "yyyyMMddHHmmss")
    }

    var body: String {
        let unquoted = shortcode.replacingOccurrences(of: "\"", with: "")
        let pass = password ?? MPesaValidation.password(shortcode: unquoted, passkey: MPesaTestHarness.passkey, timestamp: timestamp)
        return """
            {"BusinessShortCode":\(shortcode),"Password":"\(pass)","Timestamp":"\(timestamp)","TransactionType":\(transactionType),\
            "Amount":\(amount),"PartyA":\(partyA),"PartyB":\(partyB),"PhoneNumber":\(phone),"CallBackURL":"\(callbackURL)",\
            "AccountReference":"\(reference)","TransactionDesc":"\(description)"\(extra)}
            """
    }
}

/// One B2C payment, valid until a test alters it.
struct MPesaB2CCall: Sendable {
    var version = "v3"
    var originator = UUID().uuidString
    var initiator = "testapi"
    /// `nil` asks the simulator for a fresh valid credential.
    var credential: String?
    var command = "BusinessPayment"
    var amount = "500"
    var partyA = "600997"
    var partyB = "254708374149"
    var remarks = "Withdrawal"
    var occasionKey = "Occassion"
    var extra = ""

    init(partyB: String = "254708374149") {
        self.partyB = partyB
    }

    func body(credential: String) -> String {
        let originatorField = version == "v3" ? #""OriginatorConversationID":"\#(originator)","# : ""
        return """
            {\(originatorField)"InitiatorName":"\(initiator)","SecurityCredential":"\(credential)","CommandID":"\(command)",\
            "Amount":\(amount),"PartyA":"\(partyA)","PartyB":"\(partyB)","Remarks":"\(remarks)",\
            "QueueTimeOutURL":"\(MPesaTestHarness.timeoutURL)","ResultURL":"\(MPesaTestHarness.resultURL)",\
            "\(occasionKey)":"Payout"\(extra)}
            """
    }
}
