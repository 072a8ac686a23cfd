import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: serving on a loopback port")
struct FlutterwaveLiveServerTests {
    static func request(_ url: URL, method: String = "GET", body: String? = nil) -> URLRequest {
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("Bearer \(FlutterwaveTestHarness.secretKey)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        return request
    }

    @Test("run reports the bound port, charges, verifies and redirects over real HTTP, and stops when cancelled")
    func runOnEphemeralPort() async throws {
        let harness = FlutterwaveTestHarness()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await harness.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let base = "http://127.0.0.1:\(port)"

            let body = #"{"tx_ref":"LIVE-1","amount":1500,"currency":"UGX","email":"a@b.co","phone_number":"256772123456"}"#
            let chargeURL = try #require(URL(string: "\(base)/v3/charges?type=mobile_money_uganda"))
            let (data, response) = try await URLSession.shared.data(for: Self.request(chargeURL, method: "POST", body: body))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Server") == "flutterwave-simulator")
            let answer = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let redirect = try #require(((answer["meta"] as? [String: Any])?["authorization"] as? [String: Any])?["redirect"] as? String)
            #expect(redirect.hasPrefix("\(base)/sim/v1/checkout/FLW-MOCK-"))
            let (page, pageResponse) = try await URLSession.shared.data(from: try #require(URL(string: redirect)))
            #expect((pageResponse as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: page, as: UTF8.self).contains("LIVE-1"))

            let verifyURL = try #require(URL(string: "\(base)/v3/transactions/verify_by_reference?tx_ref=LIVE-1"))
            let (verified, verifyResponse) = try await URLSession.shared.data(for: Self.request(verifyURL))
            #expect((verifyResponse as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: verified, as: UTF8.self).contains(#""tx_ref":"LIVE-1""#))
            group.cancelAll()
        }
    }
}
