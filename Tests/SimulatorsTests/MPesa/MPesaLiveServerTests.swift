import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hub
import Hummingbird
import Testing
@testable import Simulators

/// A notification endpoint on a loopback port: records each POST's path and body, answers Daraja's usual
/// `{"ResultCode":0,"ResultDesc":"Accepted"}`.
actor MPesaLoopbackReceiver {
    private(set) var received: [(path: String, body: Data)] = []

    func append(path: String, body: Data) { received.append((path, body)) }

    func waitFor(_ count: Int, timeout: Duration = .seconds(5)) async -> [(path: String, body: Data)] {
        let deadline = ContinuousClock.now + timeout
        while received.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received
    }

    nonisolated func application(onReady: @escaping @Sendable (Int) async -> Void) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.post("/**") { request, _ in
            let buffer = try await request.body.collect(upTo: 64 * 1024)
            await self.append(path: request.uri.path, body: Data(buffer.readableBytesView))
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"ResultCode":0,"ResultDesc":"Accepted"}"#)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                           onServerRunning: { channel in if let port = channel.localAddress?.port { await onReady(port) } })
    }
}

@Suite("M-Pesa simulator: serving on a loopback port, notifying a loopback receiver over libcurl")
struct MPesaLiveServerTests {
    @Test("OAuth, an STK push and its callback, a B2C payment and its result, all over real HTTP")
    func overLoopback() async throws {
        try await withCurlTransport { transport in
            let simulator = MPesaSimulator(
                configuration: MPesaSimulatorConfiguration(
                    consumerKey: "live-key", consumerSecret: "live-secret", credentialKey: MPesaTestKey.key,
                    settleDelay: .milliseconds(50), resultDelay: .milliseconds(50)
                ),
                notificationTransport: transport
            )
            let receiver = MPesaLoopbackReceiver()
            let (ports, continuation) = AsyncStream.makeStream(of: (String, Int).self)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await simulator.run(host: "127.0.0.1", port: 0) { continuation.yield(("simulator", $0)) } }
                group.addTask { try await receiver.application { continuation.yield(("receiver", $0)) }.runService() }
                var bound: [String: Int] = [:]
                for await (name, port) in ports {
                    bound[name] = port
                    if bound.count == 2 { break }
                }
                let base = "http://127.0.0.1:\(try #require(bound["simulator"]))"
                let hook = "http://127.0.0.1:\(try #require(bound["receiver"]))"

                let basic = "Basic " + Data("live-key:live-secret".utf8).base64EncodedString()
                let token = try await Self.send("GET", "\(base)/oauth/v1/generate?grant_type=client_credentials", auth: basic)
                #expect(token.status == 200)
                let bearer = "Bearer " + (try #require(token.json?["access_token"] as? String))

                let timestamp = MPesaSTKCall.now()
                let passkey = MPesaSimulatorConfiguration.sandboxPasskey
                let password = MPesaValidation.password(shortcode: "174379", passkey: passkey, timestamp: timestamp)
                let push = try await Self.send("POST", "\(base)/mpesa/stkpush/v1/processrequest", auth: bearer, body: """
                    {"BusinessShortCode":174379,"Password":"\(password)","Timestamp":"\(timestamp)",\
                    "TransactionType":"CustomerPayBillOnline",\
                    "Amount":"1","PartyA":"254708374149","PartyB":"174379","PhoneNumber":"254708374149",\
                    "CallBackURL":"\(hook)/webhooks/mpesa/stk","AccountReference":"Test","TransactionDesc":"Test"}
                    """)
                #expect(push.status == 200)
                let checkout = try #require(push.json?["CheckoutRequestID"] as? String)

                let credential = try simulator.issueSecurityCredential()
                let b2c = try await Self.send("POST", "\(base)/mpesa/b2c/v3/paymentrequest", auth: bearer, body: """
                    {"OriginatorConversationID":"live-1","InitiatorName":"testapi","SecurityCredential":"\(credential)",\
                    "CommandID":"BusinessPayment","Amount":10,"PartyA":"600997","PartyB":"254712345678","Remarks":"Live test",\
                    "QueueTimeOutURL":"\(hook)/webhooks/mpesa/timeout","ResultURL":"\(hook)/webhooks/mpesa/result","Occassion":"x"}
                    """)
                #expect(b2c.status == 200)
                #expect(b2c.json?["OriginatorConversationID"] as? String == "live-1")

                let received = await receiver.waitFor(2)
                #expect(Set(received.map(\.path)) == ["/webhooks/mpesa/stk", "/webhooks/mpesa/result"])
                let stk = try #require(received.first { $0.path == "/webhooks/mpesa/stk" })
                // The receiver sees the callback before the simulator has recorded the answer to it: wait for the record.
                var recorded = try #require(await simulator.push(checkoutRequestID: checkout))
                let deadline = ContinuousClock.now + .seconds(10)
                while recorded.notifications.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                    recorded = try #require(await simulator.push(checkoutRequestID: checkout))
                }
                #expect(String(decoding: stk.body, as: UTF8.self) == String(decoding: MPesaWire.stkCallback(recorded).bytes, as: UTF8.self))
                #expect(recorded.notifications.map(\.responseStatus) == [200])
                let result = try #require(received.first { $0.path == "/webhooks/mpesa/result" })
                #expect(String(decoding: result.body, as: UTF8.self).contains(#""OriginatorConversationID":"live-1""#))

                let report = try await Self.sendArray("\(base)/sim/v1/transactions")
                #expect(report.compactMap { $0["kind"] as? String } == ["stkpush", "b2c"])
                #expect(report.compactMap { $0["status"] as? String } == ["Completed", "Completed"])
                group.cancelAll()
            }
            await simulator.shutdown()
        }
    }

    private static func send(
        _ method: String, _ url: String, auth: String, body: String? = nil
    ) async throws -> (status: Int, json: [String: Any]?) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue(auth, forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
    }

    private static func sendArray(_ url: String) async throws -> [[String: Any]] {
        let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return (try JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? []
    }
}
