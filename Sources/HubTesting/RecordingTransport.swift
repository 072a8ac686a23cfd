import Foundation
import Hub
import Logging

/// A transport that answers from a script and records every request, for asserting on what an adapter sends.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {  // `recorded` guarded by `lock`
    public typealias Answer = @Sendable (HTTPRequest) throws(TransportError) -> HTTPResponse
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let answer: Answer

    public init(_ answer: @escaping Answer) { self.answer = answer }

    public func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try answer(request)
    }

    /// Every request sent so far, in order.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    /// A context for calling an adapter directly with this transport.
    public func context(now: @escaping @Sendable () -> Date = { Date() }) -> ProviderContext {
        ProviderContext(transport: self, logger: Logger(label: "test"), now: now)
    }
}

extension HTTPRequest {
    /// The first header of that name, compared case-insensitively.
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    /// The body as a JSON object, if it is one.
    public var json: [String: Any]? { body.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } }
}
