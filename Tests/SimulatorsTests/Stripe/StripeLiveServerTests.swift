import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite("Stripe simulator: serving on a loopback port")
struct StripeLiveServerTests {
    @Test("run reports the bound port, serves requests and stops when cancelled")
    func runOnEphemeralPort() async throws {
        let harness = StripeTestHarness()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await harness.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)

            var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/v1/payment_intents/pi_absent")))
            request.setValue("Bearer \(StripeTestHarness.apiKey)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 404)
            #expect(String(decoding: data, as: UTF8.self).contains("resource_missing"))
            group.cancelAll()
        }
    }
}
