import Foundation
import Hub
import Hummingbird
import Logging

/// Sits between simulators and the hub's webhook intake: records every notification (method, path, headers, raw
/// body) and forwards it unchanged, answering with the hub's answer. Lets a test replay or tamper with a real,
/// correctly signed notification.
final class NotificationTap: @unchecked Sendable {  // `recorded` guarded by `lock`
    struct Delivery: Sendable {
        var method: String
        var path: String
        var headers: [(name: String, value: String)]
        var body: Data
        /// The hub's status code.
        var status: Int
    }

    private let lock = NSLock()
    private var recorded: [Delivery] = []
    let transport: any HTTPTransport
    let hubURL: @Sendable () -> String

    init(transport: any HTTPTransport, hubURL: @escaping @Sendable () -> String) {
        self.transport = transport
        self.hubURL = hubURL
    }

    var deliveries: [Delivery] { lock.withLock { recorded } }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        for method in [HTTPRequest.Method.post, .put] {
            router.on("/webhooks/**", method: method) { request, _ in try await self.forward(request) }
        }
        return router
    }

    private func forward(_ request: Request) async throws -> Response {
        let body = Data(buffer: try await request.body.collect(upTo: 4 * 1024 * 1024))
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        let path = request.uri.path
        let answer: Hub.HTTPResponse
        do {
            answer = try await transport.send(Hub.HTTPRequest(method: request.method.rawValue, url: hubURL() + path,
                                                              headers: headers.filter { $0.name.lowercased() != "host" }, body: body))
        } catch {
            return Response(status: .badGateway)
        }
        lock.withLock { recorded.append(Delivery(method: request.method.rawValue, path: path, headers: headers, body: body, status: answer.status)) }
        return Response(status: .init(code: answer.status), body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
