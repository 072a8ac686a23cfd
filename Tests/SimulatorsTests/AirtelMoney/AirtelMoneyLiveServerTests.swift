import Foundation
import Hub
import Hummingbird
import Testing
import Webhooks
@testable import Simulators

/// A callback endpoint served on a loopback port: it records every body it is posted and answers 200.
actor AirtelMoneyLoopbackReceiver {
    private(set) var bodies: [[UInt8]] = []

    func append(_ body: [UInt8]) { bodies.append(body) }

    func waitFor(_ count: Int, timeout: Duration = .seconds(5)) async -> [[UInt8]] {
        let deadline = ContinuousClock.now + timeout
        while bodies.count < count, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return bodies
    }

    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/webhooks/airtel-money") { request, _ -> HTTPResponse.Status in
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            await self.append(Array(buffer.readableBytesView))
            return .ok
        }
        return router
    }
}

@Suite("Airtel Money simulator: served on loopback ports, as hub simulate serves it")
struct AirtelMoneyLiveServerTests {
    /// Serves a receiver and the plugin's simulator (callbacks through libcurl to the receiver), then runs `body`.
    static func withServed(
        _ body: @escaping @Sendable (_ base: String, _ credentials: [String: String], _ receiver: AirtelMoneyLoopbackReceiver,
                                     _ transport: CurlTransport) async throws -> Void
    ) async throws {
        try await withCurlTransport { transport in
            let receiver = AirtelMoneyLoopbackReceiver()
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                let receiving = Application(
                    router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { channel in if let port = channel.localAddress?.port { continuation.yield(port) } }
                )
                group.addTask { try await receiving.runService() }
                var iterator = ports.makeAsyncIterator()
                let receiverPort = try #require(await iterator.next())
                let plugged = try AirtelMoneySimulatorPlugin().makeSimulator(SimulatorSetup(
                    transport: transport, pace: .fast, notificationURL: "http://127.0.0.1:\(receiverPort)/webhooks/airtel-money",
                    options: ["settle-ms": "40"]))
                group.addTask { try await plugged.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) } }
                let simulatorPort = try #require(await iterator.next())
                try await body("http://127.0.0.1:\(simulatorPort)", plugged.credentials, receiver, transport)
                group.cancelAll()
            }
        }
    }

    static func send(_ transport: CurlTransport, _ method: String, _ url: String, headers: [(String, String)] = [],
                     body: [UInt8]? = nil) async throws -> (status: Int, json: [String: Any]?) {
        let fields = headers.map { (name: $0.0, value: $0.1) }
        let request = Hub.HTTPRequest(method: method, url: url, headers: fields, body: body.map { Data($0) })
        let response = try await transport.send(request)
        return (response.status, (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any])
    }

    @Test("token, the served key, a signed v2 collection, its hashed callback to a loopback receiver, its enquiry and refund")
    func endToEnd() async throws {
        try await Self.withServed { base, credentials, receiver, transport in
            let tokenBody = #"{"client_id":"\#(credentials["client_id"] ?? "")","client_secret":"\#(credentials["client_secret"] ?? "")","#
                + #""grant_type":"client_credentials"}"#
            let token = try await Self.send(transport, "POST", "\(base)/auth/oauth2/token", headers: [("Content-Type", "application/json")],
                                            body: Array(tokenBody.utf8))
            #expect(token.status == 200)
            let bearer = try #require(token.json?["access_token"] as? String)
            let headers = [("Authorization", "Bearer \(bearer)"), ("X-Country", "UG"), ("X-Currency", "UGX"),
                           ("Content-Type", "application/json")]
            let keys = try await Self.send(transport, "GET", "\(base)/v1/rsa/encryption-keys", headers: headers)
            let servedText = try #require((keys.json?["data"] as? [String: Any])?["key"] as? String)
            let served = try RSAPublicKey(der: try #require(Base64.decode(servedText)))

            let id = UUID().uuidString
            let body = Array(#"{"reference":"order7","subscriber":{"country":"UG","currency":"UGX","msisdn":"701234567"},"#.utf8)
                + Array(#""transaction":{"amount":5000,"country":"UG","currency":"UGX","id":"\#(id)"}}"#.utf8)
            let signature = try AirtelMoneySigner.sign(body, publicKey: served)
            let pushed = try await Self.send(transport, "POST", "\(base)/merchant/v2/payments/",
                                             headers: headers + [("x-signature", signature.xSignature), ("x-key", signature.xKey)],
                                             body: body)
            #expect(pushed.status == 200)
            #expect((pushed.json?["status"] as? [String: Any])?["response_code"] as? String == "DP00800001006")

            let callback = try #require(await receiver.waitFor(1).first)
            let transactionBytes = try AirtelMoneyCallbackTests.transactionBytes(callback)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(callback)) as? [String: Any])
            let key = HMACKey(.sha256, key: Array(try #require(credentials["callback_hash_key"]).utf8))
            #expect(json["hash"] as? String == Base64.encode(key.authenticationCode(for: transactionBytes)))
            #expect((json["transaction"] as? [String: Any])?["id"] as? String == id)

            let enquiry = try await Self.send(transport, "GET", "\(base)/standard/v1/payments/\(id)", headers: headers)
            let transaction = try #require((enquiry.json?["data"] as? [String: Any])?["transaction"] as? [String: Any])
            #expect(transaction["status"] as? String == "TS")
            let airtelMoneyID = try #require(transaction["airtel_money_id"] as? String)
            let refund = try await Self.send(transport, "POST", "\(base)/standard/v1/payments/refund", headers: headers,
                                             body: Array(#"{"transaction":{"airtel_money_id":"\#(airtelMoneyID)"}}"#.utf8))
            #expect(refund.status == 200)

            let pin = try AirtelMoneySigner.encryptPIN(try #require(credentials["pin"]), publicKey: served)
            let payout = #"{"payee":{"msisdn":"702345678","currency":"UGX","name":"Bob"},"reference":"payout7","pin":"\#(pin)","#
                + #""transaction":{"amount":1500,"id":"\#(UUID().uuidString)","type":"B2C"}}"#
            let paid = try await Self.send(transport, "POST", "\(base)/standard/v2/disbursements/", headers: headers,
                                           body: Array(payout.utf8))
            #expect((paid.json?["status"] as? [String: Any])?["response_code"] as? String == "DP00900001001")
        }
    }

    @Test("the plugin's lenient requests are answered without a 4xx")
    func lenient() async throws {
        let scenarios = try #require(AirtelMoneySimulatorPlugin().conformance)
        try await Self.withServed { base, credentials, _, transport in
            for template in scenarios.lenientRequests {
                var request = template
                request.url = template.url.replacingOccurrences(of: "{base}", with: base)
                request.headers = template.headers.map { header in
                    var value = header.value
                    for (name, credential) in credentials {
                        value = value.replacingOccurrences(of: "{credential:\(name)}", with: credential)
                    }
                    return (header.name, value)
                }
                let status = try await transport.send(request).status
                #expect(status == 200, "\(template.method) \(template.url)")
            }
        }
    }

    @Test("the reset number's answer is cut mid-body, yet the collection is recorded and settles TS")
    func resetMidAnswer() async throws {
        try await Self.withServed { base, credentials, _, transport in
            let simulatorToken = try #require(credentials["sim_access_token"])
            let headers = [("Authorization", "Bearer \(simulatorToken)"), ("X-Country", "UG"), ("X-Currency", "UGX"),
                           ("Content-Type", "application/json")]
            let id = UUID().uuidString
            let body = #"{"reference":"r","subscriber":{"msisdn":"750000009"},"transaction":{"amount":1000,"id":"\#(id)"}}"#
            await #expect(throws: TransportError.self) {
                _ = try await Self.send(transport, "POST", "\(base)/merchant/v1/payments/", headers: headers, body: Array(body.utf8))
            }
            try await Task.sleep(for: .milliseconds(300))
            let enquiry = try await Self.send(transport, "GET", "\(base)/standard/v1/payments/\(id)", headers: headers)
            #expect(((enquiry.json?["data"] as? [String: Any])?["transaction"] as? [String: Any])?["status"] as? String == "TS")
        }
    }
}
