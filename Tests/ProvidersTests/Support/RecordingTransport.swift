import Foundation
import Hub
import Logging

/// A transport that answers from a script and records every request, for asserting on what an adapter sends.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {  // `requests` and `script` guarded by `lock`
    typealias Answer = (HTTPRequest) throws(TransportError) -> HTTPResponse
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let answer: Answer

    init(_ answer: @escaping Answer) { self.answer = answer }

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try answer(request)
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func context() -> ProviderContext { ProviderContext(transport: self, logger: Logger(label: "test")) }
}

extension HTTPRequest {
    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var json: [String: Any]? { body.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } }
}

/// Files from the repository's `fixtures/` folder.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    static func data(_ path: String) throws -> Data { try Data(contentsOf: folder.appendingPathComponent(path)) }

    static func response(_ status: Int, _ path: String? = nil) throws -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: try path.map(data) ?? Data())
    }
}
