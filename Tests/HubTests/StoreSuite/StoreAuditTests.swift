import Foundation
import GRDB
import Testing
@testable import Hub

/// The audit trail: a resolution records who, what, why and before/after in its own transaction (a refused one
/// records nothing), records come back newest first and page, and nothing can change or remove one.
@Suite struct StoreAuditTests {
    @Test(arguments: StoreKind.allCases) func aResolutionIsAuditedInItsTransaction(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 1000)
        let payout = try await store.settle(try Fixture.draft(.withdrawal, wallet: "w", amount: 300), with: Fixture.pending)
        #expect(await storeErrorKind {
            try await store.resolve(payout.id, as: .failed, reason: "not flagged yet", operator: "ops-1", at: Fixture.clock)
        } == .conflict)
        #expect(try await store.auditRecords(limit: 10, before: nil).isEmpty, "a refused resolution leaves no record")

        try await store.flagForReview(payout.id, source: "poller", detail: "pending past its deadline", at: Fixture.clock)
        let later = Fixture.clock.addingTimeInterval(60)
        _ = try await store.resolve(payout.id, as: .failed, reason: "statement shows no transfer", operator: "cli:ana", at: later)
        let records = try await store.auditRecords(limit: 10, before: nil)
        #expect(records == [AuditRecord(id: 1, actor: "cli:ana", action: "payment.resolve", target: payout.id.rawValue,
                                        reason: "statement shows no transfer", before: "pending, needs review", after: "failed",
                                        createdAt: later)])
    }

    @Test(arguments: StoreKind.allCases) func recordsComeNewestFirstAndPage(_ kind: StoreKind) async throws {
        let store = try kind.open()
        for number in 1...5 {
            let stored = try await store.appendAudit(AuditRecord(actor: "ops-1", action: "event.redeliver", target: "evt_\(number)",
                                                                 after: "queued", createdAt: Fixture.clock.addingTimeInterval(Double(number))))
            #expect(stored.id == Int64(number))
        }
        let first = try await store.auditRecords(limit: 2, before: nil)
        #expect(first.map(\.target) == ["evt_5", "evt_4"])
        #expect(try await store.auditRecords(limit: 10, before: first.last?.id).map(\.target) == ["evt_3", "evt_2", "evt_1"])
        #expect(try await store.auditRecords(limit: 10, before: 1).isEmpty)
    }

    /// The store offers no update or delete of an audit record, and SQLite refuses one even in plain SQL.
    @Test func theSQLiteAuditLogRefusesUpdateAndDelete() async throws {
        let store = try TestDatabase().open()
        _ = try await store.appendAudit(AuditRecord(actor: "ops-1", action: "payment.resolve", target: "pay_x", reason: "why",
                                                    createdAt: Fixture.clock))
        for sql in ["UPDATE audit_log SET actor = 'someone-else'", "DELETE FROM audit_log", "UPDATE audit_log SET reason = NULL WHERE id = 1"] {
            await #expect(throws: StoreError.self, "\(sql)") {
                try await store.write { db in try db.execute(sql: sql) }
            }
        }
        let kept = try await store.auditRecords(limit: 10, before: nil)
        #expect(kept.map(\.actor) == ["ops-1"] && kept.first?.reason == "why")
    }
}
