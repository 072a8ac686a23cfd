import Foundation
import GRDB
@testable import Hub
import Testing

/// Row counts of every table a request from outside could write to, read from the SQLite file itself so that
/// "nothing was written" is checked, not assumed.
struct WrittenRows: Equatable, CustomStringConvertible {
    var payments = 0
    var attempts = 0
    var transfers = 0
    var inbox = 0
    var outbox = 0

    var description: String { "payments \(payments), attempts \(attempts), transfers \(transfers), inbox \(inbox), outbox \(outbox)" }

    static func count(_ store: SQLiteStore) async throws -> WrittenRows {
        try await store.read { db in
            WrittenRows(payments: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payments") ?? -1,
                        attempts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempts") ?? -1,
                        transfers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers") ?? -1,
                        inbox: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_inbox") ?? -1,
                        outbox: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? -1)
        }
    }
}

extension LiveHub {
    /// Sends one attack and checks the whole contract: the exact status and problem type, no row written in any table,
    /// and a valid top-up right after still succeeds.
    func expectRefused(_ label: String, status: Int, type: String, sourceLocation: SourceLocation = #_sourceLocation,
                       _ attack: () async throws -> APIResponse) async throws {
        let before = try await WrittenRows.count(store)
        let answer = try await attack()
        #expect(answer.status == status, "\(label): status", sourceLocation: sourceLocation)
        #expect(answer["type"] as? String == type, "\(label): type \(answer["type"] ?? "none")", sourceLocation: sourceLocation)
        #expect(answer.contentType == "application/problem+json", "\(label): content type", sourceLocation: sourceLocation)
        let after = try await WrittenRows.count(store)
        #expect(after == before, "\(label): written \(before) → \(after)", sourceLocation: sourceLocation)
        try await expectStillServing(label, sourceLocation: sourceLocation)
    }

    /// A valid top-up is accepted after an attack.
    func expectStillServing(_ label: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let next = try await topUp(wallet: "still-serving", amount: 100, msisdn: "+250788000555")
        #expect(next.status == 201, "\(label): the next valid top-up", sourceLocation: sourceLocation)
        // Let it settle, so its own writes land before the next attack's rows are counted.
        if let id = next["id"] as? String {
            let settled = try await settle(id)
            #expect(settled["state"] as? String == "succeeded", "\(label): the next valid top-up settles", sourceLocation: sourceLocation)
        }
    }

    /// Sends raw bytes as a request body with the API key, an idempotency key and extra headers.
    func send(_ method: String, _ path: String, body: Data?, headers: [(name: String, value: String)],
              authorized: Bool = true) async throws -> APIResponse {
        var all = headers
        if authorized { all.append(("Authorization", "Bearer \(apiKey)")) }
        let response = try await client.send(HTTPRequest(method: method, url: baseURL + path, headers: all, body: body))
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, json: json)
    }
}

/// One named attack on a body: the bytes sent, and the problem the hub must answer with.
struct BodyAttack: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: Data
    var status = 400
    var type = "/problems/invalid-request"
    /// The field the problem must name, when the attack is aimed at one.
    var field: String?
    var testDescription: String { name }

    init(_ name: String, _ bytes: Data, status: Int = 400, type: String = "/problems/invalid-request", field: String? = nil) {
        self.name = name
        self.bytes = bytes
        self.status = status
        self.type = type
        self.field = field
    }

    init(_ name: String, _ text: String, status: Int = 400, type: String = "/problems/invalid-request", field: String? = nil) {
        self.init(name, Data(text.utf8), status: status, type: type, field: field)
    }
}
