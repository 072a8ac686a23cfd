import Foundation
import Hub
@testable import HubServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `GET /readyz`: ready only when the database answers and every migration is applied.
@Suite(.serialized) struct ReadinessTests {
    @Test func aMigratedDatabaseIsReady() async throws {
        try await LiveHub.run { live in
            let answer = try await live.request("GET", "/readyz", key: .some(nil))
            #expect(answer.status == 200)
            #expect(answer["status"] as? String == "ready")
            let checks = answer["checks"] as? [String: Any]
            #expect(checks?["database"] as? String == "ok")
            #expect((checks?["migrations"] as? [String])?.first == "0001_payments_ledger_outbox")
            #expect(try await live.store.readiness().isReady)
        }
    }

    static let unready: [(String, @Sendable () async throws(StoreError) -> StoreReadiness)] = [
        ("pending migration", { StoreReadiness(applied: ["0001"], pending: ["0002_next"]) }),
        ("database down", { () throws(StoreError) in throw StoreError(.database, "database error: 14: unable to open") }),
    ]

    @Test(arguments: unready) func anUnreadyDatabaseIs503(label: String, readiness: @escaping @Sendable () async throws(StoreError) -> StoreReadiness) async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        ReadinessCheck(readiness: readiness).register(on: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable, "\(label)")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(problem?["type"] as? String == "/problems/not-ready")
            }
        }
    }
}
