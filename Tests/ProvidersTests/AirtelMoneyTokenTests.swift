import Foundation
import Hub
import Testing
@testable import Providers

/// The OAuth2 token: how it is asked for, reused, refreshed ahead of its short life, shared under concurrency, and
/// dropped on a 401.
@Suite struct AirtelMoneyTokenTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    @Test func theTokenIsAskedForWithJSONClientCredentials() async throws {
        try await Server.run(Server.answering(200, "collection_push-sent.json")) { server in
            _ = try await Support.provider(server).collect(Support.collectRequest(), context: server.context())
            let token = try #require(server.tokenRequests.only)
            #expect(token.method == "POST")
            #expect(token.header("Content-Type") == "application/json")
            #expect(token.header("Authorization") == nil)
            #expect(token.json as? [String: String] == ["client_id": Support.clientID, "client_secret": Support.clientSecret,
                                                        "grant_type": "client_credentials"])
        }
    }

    /// A clock the test moves.
    final class Clock: @unchecked Sendable {  // `offset` guarded by `lock`
        private let lock = NSLock()
        private var offset: TimeInterval = 0
        let start = Date()
        var now: Date { lock.withLock { start + offset } }
        func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }
    }

    /// `expires_in` is "180": the token serves 150 s, then a new one is fetched before the old one can expire in flight.
    @Test func theTokenIsReusedAndRefreshedAheadOfExpiry() async throws {
        try await Server.run(Server.answering(200, "enquiry_in-progress.json")) { server in
            let clock = Clock()
            let provider = Support.provider(server)
            let lookup = AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil)
            for seconds in [0.0, 60, 89] {
                clock.advance(seconds)
                _ = try await provider.status(of: lookup, context: server.context(now: { clock.now }))
            }
            #expect(server.tokenRequests.count == 1, "149 s into a 180 s token: still the first")
            clock.advance(2)
            _ = try await provider.status(of: lookup, context: server.context(now: { clock.now }))
            #expect(server.tokenRequests.count == 2, "151 s: refreshed, 29 s before it would expire")
            #expect(server.calls.count == 4)
        }
    }

    @Test func concurrentCallsShareOneRefresh() async throws {
        let script: Server.Script = { exchange in
            exchange.isToken ? AirtelMoneyCanned(status: 200, body: (try? Fixtures.data("airtel-money/token_ok.json")) ?? Data(), delay: .milliseconds(200))
                : .fixture(200, "enquiry_in-progress.json")
        }
        try await Server.run(script) { server in
            let provider = Support.provider(server)
            let lookup = AttemptLookup(kind: .topUp, reference: Support.reference, providerTransactionID: nil)
            try await withThrowingTaskGroup(of: ProviderResult.self) { group in
                for _ in 0..<8 { group.addTask { try await provider.status(of: lookup, context: server.context()) } }
                for try await result in group { #expect(result == .pending(providerTransactionID: nil)) }
            }
            #expect(server.tokenRequests.count == 1)
            #expect(server.calls.count == 8)
            #expect(server.calls.allSatisfy { $0.header("Authorization") == "Bearer UCc0fixture0access0token0ki2w" })
        }
    }

    @Test func a401DropsTheTokenAndRetriesOnce() async throws {
        let rejected = Counter()
        let script = Server.withToken { _ in
            rejected.next() == 0 ? .json(401, #"{"error":"invalid_token"}"#) : .fixture(200, "collection_push-sent.json")
        }
        try await Server.run(script) { server in
            let provider = Support.provider(server)
            #expect(try await provider.collect(Support.collectRequest(), context: server.context()) == .pending(providerTransactionID: nil))
            #expect(server.tokenRequests.count == 2)
            #expect(server.calls.count == 2)
            #expect(server.calls.map(\.body).allSatisfy { $0 == server.calls[0].body }, "the same request, signed again")
            _ = try await provider.collect(Support.collectRequest(), context: server.context())
            #expect(server.tokenRequests.count == 2, "the fresh token is kept")
        }
    }

    @Test func aSecond401IsNotSent() async throws {
        try await Server.run(Server.withToken { _ in .json(401, "{}") }) { server in
            await #expect { _ = try await Support.provider(server).collect(Support.collectRequest(), context: server.context()) }
                throws: { ($0 as? ProviderError)?.kind == .notSent }
            #expect(server.calls.count == 2)
            #expect(server.tokenRequests.count == 2)
        }
    }

    @Test(arguments: [(401, "token_invalid-client.json"), (500, "token_invalid-client.json"), (200, "enquiry_failed.json")])
    func aTokenFailureIsNotSentAndNothingElseLeaves(status: Int, fixture: String) async throws {
        try await Server.run({ _ in .fixture(status, fixture) }) { server in
            do {
                _ = try await Support.provider(server).payout(Support.payoutRequest(), context: server.context())
                Issue.record("expected an error")
            } catch let error as ProviderError {
                #expect(error.kind == .notSent)
                #expect(!error.description.contains(Support.clientSecret))
            }
            #expect(server.calls.isEmpty)
        }
    }

    @Test(arguments: [(180, 30), (3600, 30), (60, 12), (10, 2), (1, 1), (0, 0)])
    func theRefreshMarginFitsTheLifetime(lifetime: Int, margin: Int) {
        #expect(AirtelMoneyTokenCache.margin(lifetime) == margin)
    }

    @Test(arguments: [(#"{"access_token":"t","expires_in":"180"}"#, 180), (#"{"access_token":"t","expires_in":180}"#, 180),
                      (#"{"access_token":"t"}"#, 0), (#"{"access_token":"t","expires_in":"soon"}"#, 0)])
    func expiresInIsReadAsTextOrNumber(json: String, seconds: Int) throws {
        #expect(try JSONDecoder().decode(AirtelMoneyToken.self, from: Data(json.utf8)).lifetimeSeconds == seconds)
    }
}
