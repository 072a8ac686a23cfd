import Hub
import Hummingbird

/// `GET /readyz`: 200 `{"status":"ready","checks":{…}}` when the database answers a query and every migration
/// of this build is applied; otherwise a 503 problem (`/problems/not-ready`), so a load balancer sends no
/// traffic to this process. Needs no API key; reveals no data beyond migration names.
struct ReadinessCheck {
    let readiness: @Sendable () async throws(StoreError) -> StoreReadiness

    init(store: any Store) { readiness = { () async throws(StoreError) in try await store.readiness() } }
    init(readiness: @escaping @Sendable () async throws(StoreError) -> StoreReadiness) { self.readiness = readiness }

    struct Ready: Encodable {
        struct Checks: Encodable {
            var database: String
            var migrations: [String]
        }

        var status = "ready"
        var checks: Checks
    }

    func register(on router: Router<BasicRequestContext>) {
        router.get("readyz") { _, _ in try await respond() }
    }

    func respond() async throws -> Response {
        let readiness: StoreReadiness
        do { readiness = try await self.readiness() } catch {
            throw Self.notReady("the database does not answer")
        }
        guard readiness.isReady else {
            throw Self.notReady("migrations not applied: \(readiness.pending.joined(separator: ", "))")
        }
        return try JSONResponse(.ok, Ready(checks: .init(database: "ok", migrations: readiness.applied)))
    }

    static func notReady(_ detail: String) -> Problem {
        Problem(.serviceUnavailable, "not-ready", title: "Not ready", detail: detail)
    }
}
