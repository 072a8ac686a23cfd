import CCurl
import Foundation

/// The production `HTTPTransport`: libcurl's multi interface, driven by one dedicated thread so that no
/// network wait ever blocks Swift's cooperative pool.
///
/// - Connections are kept alive and reused for later requests to the same host.
/// - TLS peer and host-name verification are always on; nothing turns them off.
/// - Failures are classified `notSent` or `ambiguous` as `CurlTransportFailure` documents.
/// - Cancelling the calling task does not abort the exchange: it runs to completion, bounded by the
///   request's `timeout`, and the caller receives its real outcome. Aborting would turn a request that may
///   already have reached the server into an unknown outcome for no gain.
/// - `shutdown()`, or releasing the last reference, stops the thread. Requests not yet started fail
///   `notSent`; those in flight are aborted and fail `ambiguous`, or `notSent` if libcurl had not yet
///   issued them. Later calls to `send` fail `notSent`.
public final class CurlTransport: HTTPTransport {
    public let configuration: Configuration
    private let loop: CurlTransportLoop

    /// `curl_global_init`, run once per process before the first handle is created.
    private static let libcurlReady: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    public init(configuration: Configuration = Configuration()) {
        precondition(Self.libcurlReady, "curl_global_init failed")
        self.configuration = configuration
        loop = CurlTransportLoop(configuration: configuration)
        loop.start()
    }

    deinit {
        loop.requestStop()
    }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        let outcome = await withCheckedContinuation { continuation in
            loop.submit(CurlTransportExchange(
                request: request, maxBodyBytes: configuration.maxResponseBodyBytes, continuation: continuation))
        }
        return try outcome.get()
    }

    /// Stops the loop thread and returns once every pending `send` has been answered and libcurl's handles
    /// are freed. Safe to call more than once.
    public func shutdown() async {
        await loop.stop()
    }

    /// New connections opened since the transport was created, counted when each transfer finishes. With
    /// keep-alive working, far fewer than the number of requests.
    public var connectionsOpened: Int {
        loop.connectionsOpened.load(ordering: .relaxed)
    }
}

/// Runs `body` with a libcurl transport and shuts the transport down when `body` ends, whether it returned or threw.
public func withCurlTransport<Outcome>(
    configuration: CurlTransport.Configuration = CurlTransport.Configuration(),
    _ body: (CurlTransport) async throws -> Outcome
) async throws -> Outcome {
    let transport = CurlTransport(configuration: configuration)
    do {
        let outcome = try await body(transport)
        await transport.shutdown()
        return outcome
    } catch {
        await transport.shutdown()
        throw error
    }
}
