import Foundation
import Hub
import Testing
@testable import Providers

/// Daraja's OAuth token: how it is asked for, cached, refreshed ahead of its expiry one fetch at a time, and
/// replaced once when a call is refused for it.
@Suite struct MPesaTokenTests {
    typealias Support = MPesaTestSupport

    /// A clock the test moves.
    final class Clock: @unchecked Sendable {  // `now` guarded by `lock`
        private let lock = NSLock()
        private var current = Date(timeIntervalSince1970: 1_790_000_000)
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    static let pushed = ["/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json")]

    @Test func theTokenIsAskedForAsDocumented() async throws {
        let server = try MPesaTestServer(answers: Self.pushed)
        _ = try await Support.with(server) { provider, context in try await provider.collect(Support.collectRequest(), context: context) }
        let token = try #require(server.tokenRequests.first)
        #expect(token.method == "GET")
        #expect(token.target == "/oauth/v1/generate?grant_type=client_credentials")
        #expect(token.header("Authorization") == "Basic " + Data("\(Support.consumerKey):\(Support.consumerSecret)".utf8).base64EncodedString())
        #expect(token.body.isEmpty)
    }

    @Test(arguments: ["token_ok.json", "token_numeric-expiry.json"])
    func theTokenIsReusedAndRenewedAMinuteBeforeItExpires(fixture: String) async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data(fixture))
                : .answer(200, try! MPesaFixture.data("stkpush_accepted.json"))
        }
        let clock = Clock()
        try await Support.with(server, now: { clock.now }) { provider, context in
            for _ in 0..<3 { _ = try await provider.collect(Support.collectRequest(), context: context) }
            #expect(server.tokenRequests.count == 1, "expires_in \"3599\" (a string) or 3599 (a number): reused")
            clock.advance(3599 - 61)
            _ = try await provider.collect(Support.collectRequest(), context: context)
            #expect(server.tokenRequests.count == 1, "still more than a minute to live")
            clock.advance(2)
            _ = try await provider.collect(Support.collectRequest(), context: context)
            #expect(server.tokenRequests.count == 2, "renewed a minute before it expires, never used to its last second")
        }
    }

    @Test func concurrentCallsShareOneFetch() async throws {
        let server = try MPesaTestServer { request in
            if request.path == "/oauth/v1/generate" {
                Thread.sleep(forTimeInterval: 0.3)
                return .answer(200, try! MPesaFixture.data("token_ok.json"))
            }
            return .answer(200, try! MPesaFixture.data("stkpush_accepted.json"))
        }
        try await Support.with(server) { provider, context in
            try await withThrowingTaskGroup(of: ProviderResult.self) { group in
                for _ in 0..<8 { group.addTask { try await provider.collect(Support.collectRequest(), context: context) } }
                for try await result in group { #expect(result == .pending(providerTransactionID: "ws_CO_1007202409152617172396192")) }
            }
        }
        #expect(server.tokenRequests.count == 1, "Daraja invalidates a token when it issues the next: one fetch for all")
        #expect(server.calls.count == 8)
    }

    /// Daraja answers an expired token with HTTP 404 and `404.001.03`, or 401: the token is dropped and the call sent
    /// once more with a fresh one.
    @Test(arguments: [404, 401])
    func aRefusedTokenIsReplacedOnce(status: Int) async throws {
        let refusals = Counter()
        let server = try MPesaTestServer { request in
            if request.path == "/oauth/v1/generate" { return .answer(200, try! MPesaFixture.data("token_ok.json")) }
            return refusals.next() == 0 ? .answer(status, try! MPesaFixture.data("stkpush_invalid-token.json"))
                : .answer(200, try! MPesaFixture.data("stkpush_accepted.json"))
        }
        let result = try await Support.collect(server, Support.collectRequest())
        #expect(result == .pending(providerTransactionID: "ws_CO_1007202409152617172396192"))
        #expect(server.tokenRequests.count == 2)
        #expect(server.calls.count == 2)
    }

    @Test func aTokenRefusedTwiceIsNotSentAndNotRetriedAgain() async throws {
        let server = try MPesaTestServer { request in
            request.path == "/oauth/v1/generate" ? .answer(200, try! MPesaFixture.data("token_ok.json"))
                : .answer(404, try! MPesaFixture.data("stkpush_invalid-token.json"))
        }
        let kind = try await Support.collectError(server, Support.collectRequest())
        #expect(kind == .notSent)
        #expect(server.calls.count == 2)
        #expect(server.tokenRequests.count == 2)
    }

    @Test func aRefusedTokenRequestSendsNothingElse() async throws {
        let server = try MPesaTestServer(answers: ["/oauth/v1/generate": (400, "token_invalid-grant.json")])
        let kind = try await Support.collectError(server, Support.collectRequest())
        #expect(kind == .notSent)
        #expect(server.calls.isEmpty)
    }

    @Test func aStaleRefusalDoesNotDropANewerToken() async {
        let cache = MPesaTokenCache()
        let now = Date()
        let first = try? await cache.token(now: now) { () async throws(ProviderError) in ("one", 3599) }
        await cache.invalidate("one")
        let second = try? await cache.token(now: now) { () async throws(ProviderError) in ("two", 3599) }
        await cache.invalidate("one")
        let third = try? await cache.token(now: now) { () async throws(ProviderError) in ("three", 3599) }
        #expect([first, second, third] == ["one", "two", "two"])
    }
}
