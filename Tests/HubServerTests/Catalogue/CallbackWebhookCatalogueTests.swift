import Foundation
import Hub
import HubServer
import Prometheus
import Providers
import ServiceLifecycle
import Testing
import Webhooks

/// The webhook door for the two providers whose callbacks carry no signature header: Airtel Money, whose callback
/// holds a `hash` member (base64 HMAC-SHA256 of the `transaction` object with the portal's key), and M-Pesa, whose
/// Daraja callbacks are signed by nothing but reach the hub only through the callback token. A hub running only
/// those two providers, with no route out: every case checks the exact status and problem type, that no row was
/// written in any table, and that a genuine callback is still taken after it. A genuine callback for a payment the
/// hub does not know is a hint about nothing: acknowledged (so the provider stops retrying), nothing written.
@Suite(.serialized) struct CallbackWebhookCatalogueTests {
    static let hashKey = "catalogue-airtel-callback-hash-key"
    static let transaction = #"{"id":"ref-unknown-airtel","message":"Paid UGX 5,000","status_code":"TS","airtel_money_id":"MP210603.1"}"#

    static func hash(_ message: String, key: String = hashKey) -> String {
        Base64.encode(HMACKey(.sha256, key: Array(key.utf8)).authenticationCode(for: Array(message.utf8)))
    }

    static func airtel(_ transaction: String = transaction, hash: String?) -> [UInt8] {
        Array((#"{"transaction":\#(transaction)"# + (hash.map { #","hash":"\#($0)"}"# } ?? "}")).utf8)
    }

    static var genuineAirtel: [UInt8] { airtel(hash: hash(transaction)) }

    static func stk(_ checkoutRequestID: String = "ws_CO_catalogue_unknown", resultCode: String = "0") -> [UInt8] {
        Array((#"{"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1","CheckoutRequestID":"\#(checkoutRequestID)","#
               + #""ResultCode":\#(resultCode),"ResultDesc":"The service request is processed successfully."}}}"#).utf8)
    }

    static let airtelAttacks: [(String, [UInt8])] = [
        ("no hash", airtel(hash: nil)),
        ("empty hash", airtel(hash: "")),
        ("hash made with another key", airtel(hash: hash(transaction, key: "another-portal-key"))),
        ("hash for another body", airtel(hash: hash(transaction.replacingOccurrences(of: "5,000", with: "6,000")))),
        ("genuine hash, status changed to failed", airtel(transaction.replacingOccurrences(of: "\"TS\"", with: "\"TF\""), hash: hash(transaction))),
        ("hash member repeated, forged one first", Array((#"{"transaction":\#(transaction),"hash":"\#(hash(transaction, key: "forged"))","#
                                                          + #""hash":"\#(hash(transaction))"}"#).utf8)),
        ("another transaction under an escaped key in front of the hashed one",
         Array((#"{"transacti\u006fn":{"id":"ref-victim","status_code":"TS","airtel_money_id":"MP1"},"transaction":\#(transaction),"#
                + #""hash":"\#(hash(transaction))"}"#).utf8)),
        ("the transaction member twice", Array((#"{"transaction":\#(transaction),"transaction":{"id":"ref-victim","status_code":"TS"},"#
                                                + #""hash":"\#(hash(transaction))"}"#).utf8)),
        ("hash in hex instead of base64", airtel(hash: Hex.encode(HMACKey(.sha256, key: Array(hashKey.utf8))
            .authenticationCode(for: Array(transaction.utf8))))),
    ]

    @Test(arguments: airtelAttacks.indices) func forgedAirtelHashIsRefused(_ index: Int) async throws {
        let (name, body) = Self.airtelAttacks[index]
        try await CallbackHub.run { hub in
            try await hub.expectAnswer(name, status: 401, type: "/problems/webhook-unauthenticated") {
                try await hub.webhook("airtel-money", body: body)
            }
        }
    }

    /// The hash is a member of the body, not a header: a hash sent as a header, alone or repeated, is not read.
    @Test func airtelHashAsARepeatedHeaderIsNotRead() async throws {
        try await CallbackHub.run { hub in
            let genuine = Self.hash(Self.transaction)
            try await hub.expectAnswer("hash headers, no hash member", status: 401, type: "/problems/webhook-unauthenticated") {
                try await hub.webhook("airtel-money", body: Self.airtel(hash: nil), headers: [("hash", genuine), ("hash", genuine)])
            }
        }
    }

    /// Only the first `hash` member is read; a forged one after a genuine one changes nothing, the genuine hash having
    /// authenticated the transaction received.
    @Test func airtelHashRepeatedBehindAGenuineOneIsIgnored() async throws {
        try await CallbackHub.run { hub in
            let body = Array((#"{"transaction":\#(Self.transaction),"hash":"\#(Self.hash(Self.transaction))","#
                              + #""hash":"\#(Self.hash(Self.transaction, key: "forged"))"}"#).utf8)
            try await hub.expectAnswer("genuine hash first", status: 200, type: nil) { try await hub.webhook("airtel-money", body: body) }
        }
    }

    @Test func callbackWithAWrongTokenIsRefused() async throws {
        try await CallbackHub.run { hub in
            for (provider, body) in [("airtel-money", Self.genuineAirtel), ("mpesa", Self.stk())] {
                for token in [String(hub.callbackToken.dropLast()) + "x", String(hub.callbackToken.prefix(8)), hub.callbackToken + "0", "..%2F"] {
                    try await hub.expectAnswer("\(provider), token \(token.prefix(4))…", status: 401, type: "/problems/webhook-unauthenticated") {
                        try await hub.webhook(provider, token: token, body: body)
                    }
                }
            }
        }
    }

    @Test func callbackOnAnotherProvidersPathIsRefused() async throws {
        try await CallbackHub.run { hub in
            try await hub.expectAnswer("an M-Pesa STK callback at airtel-money", status: 400, type: "/problems/webhook-malformed") {
                try await hub.webhook("airtel-money", body: Self.stk())
            }
            try await hub.expectAnswer("an Airtel callback at mpesa", status: 400, type: "/problems/webhook-malformed") {
                try await hub.webhook("mpesa", body: Self.genuineAirtel)
            }
        }
    }

    @Test(arguments: ["", "hello", #"{"Body":{"stkCallback":"#, #"{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":0}}"#,
                      #"{"Body":{"stkCallback":{"CheckoutRequestID":"","ResultCode":0}}}"#, "[]", "null"])
    func malformedMPesaCallbackIsRefused(_ text: String) async throws {
        try await CallbackHub.run { hub in
            try await hub.expectAnswer("M-Pesa body \(text.prefix(24))", status: 400, type: "/problems/webhook-malformed") {
                try await hub.webhook("mpesa", body: Array(text.utf8))
            }
        }
    }

    /// Daraja writes `ResultCode` as a number; some callbacks carry it as a string. Both are read (and, naming no
    /// payment the hub knows, acknowledged without a write); a code of another JSON type is not a callback.
    @Test(arguments: [("a number", "0", 200), ("a string", #""0""#, 200), ("a cancellation as a string", #""1032""#, 200),
                      ("an object", #"{"code":0}"#, 400), ("an array", "[0]", 400)])
    func mPesaResultCodeOfEachType(_ label: String, _ code: String, _ status: Int) async throws {
        try await CallbackHub.run { hub in
            try await hub.expectAnswer("ResultCode as \(label)", status: status, type: status == 200 ? nil : "/problems/webhook-malformed") {
                try await hub.webhook("mpesa", body: Self.stk(resultCode: code))
            }
        }
    }

    @Test func unknownCheckoutRequestIDWritesNothing() async throws {
        try await CallbackHub.run { hub in
            for id in ["ws_CO_00000000000000000000", "ws_CO_' OR '1'='1", "../../etc/passwd", String(repeating: "9", count: 10_000)] {
                try await hub.expectAnswer("CheckoutRequestID \(id.prefix(12))…", status: 200, type: nil) {
                    try await hub.webhook("mpesa", body: Self.stk(id))
                }
            }
        }
    }

    @Test func oversizedCallbackIsRefused() async throws {
        try await CallbackHub.run { hub in
            let padding = Array(repeating: UInt8(ascii: " "), count: 1024 * 1024)
            for (provider, body) in [("airtel-money", Self.genuineAirtel + padding), ("mpesa", Self.stk() + padding)] {
                try await hub.expectAnswer("\(provider): 1 MiB + callback", status: 413, type: "/problems/too-large") {
                    try await hub.webhook(provider, body: body)
                }
            }
        }
    }
}

/// A hub with Airtel Money (callback hash key configured) and M-Pesa and nothing else, on a loopback port, their
/// APIs unreachable: nothing a callback makes the hub do may need them.
struct CallbackHub {
    let baseURL: String
    let callbackToken: String
    let store: SQLiteStore
    let client: CurlTransport

    func webhook(_ provider: String, token: String? = nil, body: [UInt8], headers: [(String, String)] = []) async throws -> APIResponse {
        let response = try await client.send(HTTPRequest(method: "POST", url: "\(baseURL)/webhooks/\(provider)/\(token ?? callbackToken)",
                                                         headers: [("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) },
                                                         body: Data(body)))
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, json: json)
    }

    /// Sends one callback and checks the contract: the exact status and problem type (`nil`: the acknowledgement),
    /// no row written in any table, and a genuine callback of each provider taken right after.
    func expectAnswer(_ label: String, status: Int, type: String?, sourceLocation: SourceLocation = #_sourceLocation,
                      _ attack: () async throws -> APIResponse) async throws {
        let before = try await WrittenRows.count(store)
        let answer = try await attack()
        #expect(answer.status == status, "\(label): status", sourceLocation: sourceLocation)
        if let type {
            #expect(answer["type"] as? String == type, "\(label): type \(answer["type"] ?? "none")", sourceLocation: sourceLocation)
            #expect(answer.contentType == "application/problem+json", "\(label): content type", sourceLocation: sourceLocation)
        } else {
            #expect(answer["received"] as? Bool == true, "\(label): acknowledged", sourceLocation: sourceLocation)
        }
        #expect(try await WrittenRows.count(store) == before, "\(label): written", sourceLocation: sourceLocation)
        for (provider, body) in [("airtel-money", CallbackWebhookCatalogueTests.genuineAirtel), ("mpesa", CallbackWebhookCatalogueTests.stk())] {
            let genuine = try await webhook(provider, body: body)
            #expect(genuine.status == 200, "\(label): a genuine \(provider) callback after it", sourceLocation: sourceLocation)
        }
    }

    static func run(_ body: (CallbackHub) async throws -> Void) async throws {
        let transport = CurlTransport()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        let airtel = AirtelMoneyConfiguration(baseURL: "http://127.0.0.1:9", clientID: "catalogue-client", clientSecret: "catalogue-secret",
                                              callbackHashKey: CallbackWebhookCatalogueTests.hashKey)
        let mpesa = MPesaConfiguration(baseURL: "http://127.0.0.1:9", consumerKey: "catalogue-key", consumerSecret: "catalogue-secret",
                                       shortcode: "174379", passkey: "catalogue-passkey", initiatorName: "catalogue",
                                       securityCredential: "catalogue-credential")
        let token = HubServerConfiguration.randomToken()
        let hub = HubService(store: store, registry: ProviderRegistry([AirtelMoneyProvider(configuration: airtel), MPesaProvider(configuration: mpesa)]),
                             transport: transport, logger: LiveHub.quiet)
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let app = HubServer.application(hub: hub, configuration: HubServerConfiguration(apiKeys: ["catalogue-key"], callbackToken: token),
                                        host: "127.0.0.1", port: 0, logger: LiveHub.quiet, poller: nil, dispatcher: nil,
                                        metrics: PrometheusCollectorRegistry()) { ready.yield($0) }
        let group = ServiceGroup(services: [app], logger: LiveHub.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await ports.first { _ in true }!
            do {
                try await body(CallbackHub(baseURL: "http://127.0.0.1:\(port)", callbackToken: token, store: store, client: transport))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await transport.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
