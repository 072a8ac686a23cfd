import Foundation
import Hummingbird
import ServiceLifecycle
import Webhooks

/// The wallet backend's side of events: a small server that verifies each delivery's Standard Webhooks
/// signature, refuses its first `failFirst` deliveries with a 503, and records what it accepted.
actor WalletReceiver {
    struct Delivery: Sendable {
        let id: String
        let type: String
        let paymentID: String
        let verified: Bool
    }

    private(set) var accepted: [Delivery] = []
    private(set) var refused = 0
    private var failuresLeft: Int
    let verifier: StandardWebhookVerifier

    init(secret: String, failFirst: Int) throws {
        verifier = try StandardWebhookVerifier(secrets: [secret])
        failuresLeft = failFirst
    }

    func receive(body: [UInt8], headers: [(name: String, value: String)]) -> Int {
        if failuresLeft > 0 {
            failuresLeft -= 1
            refused += 1
            return 503
        }
        let verified = (try? verifier.verify(body: body, headers: WebhookHeaders(headers), now: Date())) != nil
        let event = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        let data = event?["data"] as? [String: Any]
        accepted.append(Delivery(id: WebhookHeaders(headers)["webhook-id"] ?? "", type: event?["type"] as? String ?? "",
                                 paymentID: data?["id"] as? String ?? "", verified: verified))
        return verified ? 204 : 400
    }

    /// Serves on a loopback port while `body` runs.
    static func serving(_ receiver: WalletReceiver, _ body: (String) async throws -> Void) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.post("events") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            let status = await receiver.receive(body: Array(buffer.readableBytesView), headers: request.headers.map { ($0.name.canonicalName, $0.value) })
            return Response(status: .init(code: status))
        }
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { ready.yield($0.localAddress?.port ?? 0) }, logger: LiveHub.quiet)
        let group = ServiceGroup(services: [app], logger: LiveHub.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await ports.first { _ in true }!
            do { try await body("http://127.0.0.1:\(port)/events") } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
