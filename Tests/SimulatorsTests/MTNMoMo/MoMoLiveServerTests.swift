import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite("MTN MoMo simulator: serving on a loopback port")
struct MoMoLiveServerTests {
    @Test("run reports the bound port, serves requests and stops when cancelled")
    func runOnEphemeralPort() async throws {
        let harness = MoMoTestHarness()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await harness.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)

            let url = try #require(URL(string: "http://127.0.0.1:\(port)/sim/v1/transactions"))
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "[]")
            group.cancelAll()
        }
    }
}
