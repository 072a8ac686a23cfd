import Foundation
import Hub
import Testing

/// Scoped API keys: every class of `/v1` route (money-moving, read, operator) against a key with the right scope, a
/// key with another scope, no key, and a key that is not (or no longer) configured. A refusal is checked whole:
/// status, problem type, the scope it names, nothing written, and the hub still serving.
@Suite(.serialized) struct APIScopeTests {
    static let wallet = APIKey(id: "wallet-backend", key: "scope-wallet-\(UUID().uuidString)", scopes: [.paymentsWrite])
    static let reader = APIKey(id: "reader", key: "scope-reader-\(UUID().uuidString)", scopes: [.paymentsRead])
    static let ops = APIKey(id: "ops-1", key: "scope-ops-\(UUID().uuidString)", scopes: [.paymentsRead, .admin])
    /// A key that another configuration had: this hub does not know it.
    static let revoked = "scope-revoked-\(UUID().uuidString)"
    static let keys = [wallet, reader, ops]

    enum RouteClass: String, CaseIterable, CustomTestStringConvertible {
        case write, read, admin
        var testDescription: String { rawValue }

        var scope: APIScope {
            switch self {
            case .write: .paymentsWrite
            case .read: .paymentsRead
            case .admin: .admin
            }
        }

        /// A key holding exactly this class's scope, and one holding only others.
        var rightKey: APIKey {
            switch self {
            case .write: APIScopeTests.wallet
            case .read: APIScopeTests.reader
            case .admin: APIScopeTests.ops
            }
        }

        var wrongKey: APIKey {
            switch self {
            case .write: APIScopeTests.ops
            case .read: APIScopeTests.wallet
            case .admin: APIScopeTests.wallet
            }
        }

        var successStatus: Int { self == .write ? 201 : 200 }

        func send(_ live: LiveHub, key: String??) async throws -> APIResponse {
            switch self {
            case .write:
                let body: [String: Any] = ["wallet_id": "scoped", "amount": 100, "currency": "RWF",
                                           "source": ["type": "mobile_money", "msisdn": "+250788000333"]]
                return try await live.request("POST", "/v1/top-ups", body: try JSONSerialization.data(withJSONObject: body), key: key)
            case .read: return try await live.request("GET", "/v1/wallets/scoped/balance", key: key)
            case .admin: return try await live.request("GET", "/v1/audit", key: key)
            }
        }
    }

    enum Caller: String, CaseIterable, CustomTestStringConvertible {
        case rightScope = "right scope", wrongScope = "wrong scope", noKey = "no key", unknownKey = "unknown key", revokedKey = "revoked key"
        var testDescription: String { rawValue }
    }

    @Test(arguments: RouteClass.allCases, Caller.allCases)
    func eachRouteClassAnswersEachCaller(_ route: RouteClass, _ caller: Caller) async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            let label = "\(route) with \(caller)"
            switch caller {
            case .rightScope:
                let answer = try await route.send(live, key: route.rightKey.key)
                #expect(answer.status == route.successStatus, "\(label): \(answer.json)")
                if let id = answer["id"] as? String { _ = try await live.settle(id) }
            case .wrongScope:
                try await live.expectRefused(label, status: 403, type: "/problems/forbidden") {
                    let answer = try await route.send(live, key: route.wrongKey.key)
                    #expect(answer["scope"] as? String == route.scope.rawValue, "\(label): names the scope")
                    #expect((answer["detail"] as? String)?.contains(route.scope.rawValue) == true, "\(label): \(answer.json)")
                    #expect((answer["detail"] as? String)?.contains(route.wrongKey.key) == false)
                    return answer
                }
            case .noKey:
                try await live.expectRefused(label, status: 401, type: "/problems/unauthorized") { try await route.send(live, key: .some(nil)) }
            case .unknownKey:
                try await live.expectRefused(label, status: 401, type: "/problems/unauthorized") {
                    try await route.send(live, key: "scope-unknown-\(UUID().uuidString)")
                }
            case .revokedKey:
                try await live.expectRefused(label, status: 401, type: "/problems/unauthorized") { try await route.send(live, key: Self.revoked) }
            }
        }
    }

    @Test(arguments: [("GET", "/v1/payments?wallet_id=w"), ("GET", "/v1/providers"), ("GET", "/v1/wallets/w/entries"),
                      ("POST", "/v1/withdrawals"), ("POST", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9/refund"),
                      ("POST", "/v1/recipients/lookup"), ("POST", "/v1/payments/pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9/resolve"),
                      ("POST", "/v1/events/evt_unknown/redeliver")])
    func everyRouteNeedsItsScope(_ method: String, _ path: String) async throws {
        let needed: APIScope = path.hasSuffix("/resolve") || path.hasSuffix("/redeliver") ? .admin
            : method == "POST" && !path.hasSuffix("/lookup") ? .paymentsWrite : .paymentsRead
        let lacking = Self.keys.first { !$0.scopes.contains(needed) }!
        try await LiveHub.run(keys: Self.keys) { live in
            try await live.expectRefused("\(method) \(path)", status: 403, type: "/problems/forbidden") {
                let answer = try await live.request(method, path, body: Data("{}".utf8), key: lacking.key)
                #expect(answer["scope"] as? String == needed.rawValue)
                return answer
            }
        }
    }

    @Test func aWalletKeyCannotResolveAndNothingIsRecorded() async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            let id = try await Self.flaggedPayment(live)
            let body = Data(#"{"as":"failed","reason":"statement shows nothing"}"#.utf8)
            let answer = try await live.request("POST", "/v1/payments/\(id)/resolve", body: body, key: Self.wallet.key)
            #expect(answer.status == 403 && answer["scope"] as? String == "admin")
            let payment = try #require(try await live.store.payment(PaymentID(rawValue: id)))
            #expect(payment.needsReview && payment.state == .succeeded, "unchanged")
            #expect(try await live.store.auditRecords(limit: 10, before: nil).isEmpty)
            #expect(try await live.store.resolutions(of: payment.id).isEmpty)
        }
    }

    @Test func anAdminKeyResolvesAndTheAuditTrailNamesItsID() async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            let id = try await Self.flaggedPayment(live)
            let body = Data(#"{"as":"succeeded","reason":"statement line 42 shows the credit"}"#.utf8)
            let answer = try await live.request("POST", "/v1/payments/\(id)/resolve", body: body, key: Self.ops.key)
            #expect(answer.status == 200, "\(answer.json)")
            #expect(answer["needs_review"] as? Bool == false)
            let record = try #require(try await live.store.auditRecords(limit: 10, before: nil).first)
            #expect(record.actor == "ops-1" && record.action == "payment.resolve" && record.target == id)
            #expect(record.reason == "statement line 42 shows the credit")
            #expect(record.before == "succeeded, needs review" && record.after == "succeeded")
            #expect(try await live.store.resolutions(of: PaymentID(rawValue: id)).first?.operator == "ops-1")

            let listed = try await live.request("GET", "/v1/audit", key: Self.ops.key)
            let data = try #require(listed["data"] as? [[String: Any]])
            #expect(data.count == 1 && data.first?["actor"] as? String == "ops-1" && data.first?["target"] as? String == id)
            #expect(!String(describing: listed.json).contains(Self.ops.key), "the key never appears, only its id")
        }
    }

    @Test func aResolutionWithoutAReasonIsRefusedAndNothingIsRecorded() async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            let id = try await Self.flaggedPayment(live)
            for body in [#"{"as":"failed","reason":"  "}"#, #"{"as":"failed"}"#, #"{"as":"maybe","reason":"x"}"#] {
                let answer = try await live.request("POST", "/v1/payments/\(id)/resolve", body: Data(body.utf8), key: Self.ops.key)
                #expect(answer.status == 400 && answer["type"] as? String == "/problems/invalid-request", "\(body): \(answer.json)")
            }
            #expect(try await live.store.auditRecords(limit: 10, before: nil).isEmpty)
            #expect(try await live.store.payment(PaymentID(rawValue: id))?.needsReview == true)
        }
    }

    @Test func anAdminKeyRedeliversAnEventAndTheAuditTrailRecordsIt() async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            _ = try await Self.flaggedPayment(live)
            let event = try #require(try await live.store.outbox(.all, limit: 1).first)
            let unknown = try await live.request("POST", "/v1/events/evt_nothing_here/redeliver", key: Self.ops.key)
            #expect(unknown.status == 404)
            #expect(try await live.store.auditRecords(limit: 10, before: nil).isEmpty, "nothing done, nothing recorded")
            let answer = try await live.request("POST", "/v1/events/\(event.eventID)/redeliver", key: Self.ops.key)
            #expect(answer.status == 202)
            let record = try #require(try await live.store.auditRecords(limit: 10, before: nil).first)
            #expect(record.actor == "ops-1" && record.action == "event.redeliver" && record.target == event.eventID)
        }
    }

    @Test func theAuditListPagesNewestFirst() async throws {
        try await LiveHub.run(keys: Self.keys) { live in
            for number in 1...3 {
                _ = try await live.store.appendAudit(AuditRecord(actor: "cli:ana", action: "event.redeliver", target: "evt_\(number)",
                                                                 createdAt: Date()))
            }
            let first = try await live.request("GET", "/v1/audit?limit=2", key: Self.ops.key)
            #expect((first["data"] as? [[String: Any]])?.compactMap { $0["target"] as? String } == ["evt_3", "evt_2"])
            let cursor = try #require(first["next_cursor"] as? String)
            let second = try await live.request("GET", "/v1/audit?limit=2&cursor=\(cursor)", key: Self.ops.key)
            #expect((second["data"] as? [[String: Any]])?.compactMap { $0["target"] as? String } == ["evt_1"])
            #expect(second["next_cursor"] == nil || second["next_cursor"] is NSNull)
            let bad = try await live.request("GET", "/v1/audit?limit=0", key: Self.ops.key)
            #expect(bad.status == 400)
        }
    }

    /// A top-up that succeeded, then flagged for review; its id.
    static func flaggedPayment(_ live: LiveHub) async throws -> String {
        let created = try await live.topUp(wallet: "flagged", amount: 500, msisdn: "+250788000333")
        let id = try #require(created["id"] as? String)
        #expect(try await live.settle(id)["state"] as? String == "succeeded")
        try await live.store.flagForReview(PaymentID(rawValue: id), source: "test", detail: "the statement disagrees", at: Date())
        return id
    }
}
