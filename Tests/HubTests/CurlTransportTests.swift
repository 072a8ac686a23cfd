import Foundation
import Testing
@testable import Hub

@Suite("CurlTransport")
struct CurlTransportTests {
    @Test func exchangesMethodHeadersBodyAndStatus() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let transport = CurlTransport()
        let body = Data(#"{"amount":1500,"currency":"XAF"}"#.utf8)
        let response = try await transport.send(HTTPRequest(
            method: "PUT", url: "\(server.baseURL)/status/201?reference=abc",
            headers: [("X-Request-Id", "r-42"), ("Content-Type", "application/json")], body: body))
        await transport.shutdown()

        #expect(response.status == 201)
        #expect(response.header("x-echo-method") == "PUT")
        #expect(response.header("X-Echo-Target") == "/status/201?reference=abc")
        #expect(response.header("X-Echo-X-Request-Id") == "r-42")
        #expect(response.header("X-Echo-Content-Type") == "application/json")
        #expect(response.header("X-Echo-Content-Length") == "\(body.count)")
        #expect(response.header("X-Echo-Expect") == nil)
        #expect(response.body == body)
    }

    @Test func emptyPostSendsZeroContentLengthAndGetSendsNoBody() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let transport = CurlTransport()
        let post = try await transport.send(HTTPRequest(method: "POST", url: "\(server.baseURL)/empty"))
        let get = try await transport.send(HTTPRequest(method: "GET", url: "\(server.baseURL)/status/404"))
        await transport.shutdown()

        #expect(post.header("X-Echo-Method") == "POST")
        #expect(post.header("X-Echo-Content-Length") == "0")
        #expect(post.header("X-Echo-Content-Type") == nil)
        #expect(post.body.isEmpty)
        #expect(get.status == 404)
        #expect(get.header("X-Echo-Method") == "GET")
        #expect(get.header("X-Echo-Content-Length") == nil)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let transport = CurlTransport()
        for index in 0..<50 {
            let body = Data("payment \(index)".utf8)
            let response = try await transport.send(HTTPRequest(method: "POST", url: server.baseURL, body: body))
            #expect(response.body == body)
        }
        await transport.shutdown()

        #expect(server.receivedRequests == 50)
        #expect(server.acceptedConnections == 1)
        #expect(transport.connectionsOpened == 1)
    }

    @Test func concurrentRequestsAllCompleteWithTheirOwnResponse() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let transport = CurlTransport()
        let matches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let body = Data("payment \(index)".utf8)
                    let response = try await transport.send(HTTPRequest(
                        method: "POST", url: "\(server.baseURL)/status/202", body: body))
                    return response.status == 202 && response.body == body
                }
            }
            return try await group.reduce(into: 0) { count, matched in count += matched ? 1 : 0 }
        }
        await transport.shutdown()

        #expect(matches == 64)
        #expect(server.receivedRequests == 64)
        #expect(transport.connectionsOpened == server.acceptedConnections)
    }

    @Test func refusedConnectionIsNotSent() async throws {
        let port = try LoopbackHTTPServer.refusedPort()
        let error = await failure(of: HTTPRequest(method: "POST", url: "http://127.0.0.1:\(port)/pay"))
        #expect(error?.delivery == .notSent)
        #expect(error?.reason.contains("127.0.0.1") == true)
    }

    @Test func unresolvableHostIsNotSent() async {
        let error = await failure(of: HTTPRequest(
            method: "POST", url: "http://nonexistent.invalid/pay", connectTimeout: .seconds(2)))
        #expect(error?.delivery == .notSent)
    }

    @Test(arguments: ["http://[::1/pay", "ftp://127.0.0.1/pay", "not a url"])
    func malformedOrUnsupportedURLIsNotSent(url: String) async {
        let error = await failure(of: HTTPRequest(method: "GET", url: url))
        #expect(error?.delivery == .notSent)
    }

    @Test func headerWithLineBreakIsRejectedBeforeConnecting() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let error = await failure(of: HTTPRequest(
            method: "GET", url: server.baseURL, headers: [("X-Note", "a\r\nX-Injected: 1")]))
        #expect(error?.delivery == .notSent)
        #expect(server.acceptedConnections == 0)
    }

    @Test func silentServerIsAmbiguousAfterTheTimeoutAndTheReasonLeaksNothing() async throws {
        let server = try LoopbackHTTPServer(.silent)
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = await failure(of: HTTPRequest(
            method: "POST", url: "\(server.baseURL)/pay?token=query-secret",
            headers: [("Authorization", "Bearer header-secret")], body: Data("body-secret".utf8),
            timeout: .milliseconds(300)))
        let elapsed = ContinuousClock.now - started

        #expect(error?.delivery == .ambiguous)
        #expect(server.receivedRequests == 1)
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(10), "the timeout ends the exchange long before curl's own")
        let reason = error.map(String.init(describing:)) ?? ""
        #expect(reason.contains("127.0.0.1"))
        for secret in ["query-secret", "header-secret", "body-secret", "/pay"] {
            #expect(!reason.contains(secret))
        }
    }

    @Test func truncatedResponseIsAmbiguous() async throws {
        let server = try LoopbackHTTPServer(.truncated)
        defer { server.stop() }
        let error = await failure(of: HTTPRequest(method: "POST", url: server.baseURL, timeout: .seconds(2)))
        #expect(error?.delivery == .ambiguous)
        #expect(server.receivedRequests == 1)
    }

    @Test func connectionClosedWithoutAnswerIsAmbiguous() async throws {
        let server = try LoopbackHTTPServer(.hangUp)
        defer { server.stop() }
        let error = await failure(of: HTTPRequest(method: "POST", url: server.baseURL, timeout: .seconds(2)))
        #expect(error?.delivery == .ambiguous)
        #expect(server.acceptedConnections == 1)
    }

    @Test func bodyOverTheLimitIsAmbiguous() async throws {
        let server = try LoopbackHTTPServer(.echo)
        defer { server.stop() }
        let transport = CurlTransport(configuration: .init(maxResponseBodyBytes: 1024))
        let atLimit = try await transport.send(HTTPRequest(
            method: "POST", url: server.baseURL, body: Data(repeating: 0x61, count: 1024)))
        let error = await failure(
            of: HTTPRequest(method: "POST", url: server.baseURL, body: Data(repeating: 0x61, count: 1025)),
            on: transport)
        await transport.shutdown()

        #expect(atLimit.body.count == 1024)
        #expect(error?.delivery == .ambiguous)
        #expect(error?.reason.contains("1024 bytes") == true)
    }

    @Test func shutdownFailsTheRequestInFlightAsAmbiguousAndLaterOnesAsNotSent() async throws {
        let server = try LoopbackHTTPServer(.silent)
        defer { server.stop() }
        let transport = CurlTransport()
        async let inFlight = failure(
            of: HTTPRequest(method: "POST", url: server.baseURL, timeout: .seconds(20)), on: transport)
        let deadline = ContinuousClock.now + .seconds(5)
        while server.receivedRequests == 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        await transport.shutdown()
        let afterShutdown = await failure(of: HTTPRequest(method: "GET", url: server.baseURL), on: transport)

        #expect(await inFlight?.delivery == .ambiguous)
        #expect(afterShutdown?.delivery == .notSent)
        #expect(server.acceptedConnections == 1)
    }

    /// The error `send` throws, or nil if it answered. Uses a transport of its own unless given one.
    private func failure(of request: HTTPRequest, on transport: CurlTransport? = nil) async -> TransportError? {
        let transport = transport ?? CurlTransport()
        do throws(TransportError) {
            _ = try await transport.send(request)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct LoopbackPortTests {
    /// Reserved ports come from below the ephemeral range, where no outgoing connection or bind to port 0 lands.
    @Test func aReservedPortIsBelowTheEphemeralRangeAndFree() throws {
        for _ in 0..<20 {
            let port = try #require(LoopbackPort.reserve())
            #expect(LoopbackPort.quietRange.contains(port))
            #expect(LoopbackPort.bindable(port) == port)
        }
    }
}
