import Foundation
import GRDB
import Testing
@testable import Hub

@Suite struct SQLiteStoreTests {
    @Test func concurrentWithdrawalsCannotOverdraw() async throws {
        let store = try TestDatabase().open()
        try await store.fund("rich", 100 * 1000)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<500 {
                group.addTask {
                    do {
                        _ = try await store.create(try Fixture.draft(.withdrawal, wallet: "rich", amount: 1000))
                        return true
                    } catch let error as StoreError where error.kind == .insufficientFunds {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 100)
        let balance = try #require(try await store.balances(wallet: WalletID("rich")).first)
        #expect(balance.held == 100_000)
        #expect(balance.available == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aRefusedWithdrawalLeavesNoTrace() async throws {
        let store = try TestDatabase().open()
        try await store.fund("poor", 50)
        let draft = try Fixture.draft(.withdrawal, wallet: "poor", amount: 51)
        await #expect(throws: StoreError.self) { try await store.createPayment(draft) }
        #expect(try await store.payment(draft.id) == nil)
        let counts = try await store.read { db in
            try (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attempts")!, Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_transfers")!)
        }
        #expect(counts == (1, 1))
        await #expect(throws: StoreError.self) { try await store.createPayment(try Fixture.draft(.withdrawal, wallet: "nobody", amount: 1)) }
    }

    @Test func aTransitionIsAllOrNothing() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let payment = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 400))
        // Break the transition half-way: the hold it must post has vanished.
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE ledger_transfers SET payment_id = NULL WHERE kind = 'hold'")
        }
        await #expect(throws: StoreError.self) {
            try await store.apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock)
        }
        #expect(try await store.payment(payment.id)?.state == .created)
        let events = try await store.outbox(.all, limit: 10)
        #expect(events.map(\.type) == [.succeeded])  // only the funding top-up's
        let attempt = try await store.attempts(of: payment.id).first
        #expect(attempt?.status == .sending)
    }

    @Test func idempotencyKeyReturnsTheOriginalOrConflicts() async throws {
        let store = try TestDatabase().open()
        let draft = try Fixture.draft(.topUp, wallet: "w", amount: 10, key: "key-1")
        let first = try await store.create(draft)
        var again = try Fixture.draft(.topUp, wallet: "w", amount: 10, key: "key-1")
        guard case .existing(let replayed) = try await store.createPayment(again) else {
            Issue.record("expected the original payment")
            return
        }
        #expect(replayed.id == first.id)
        again.requestHash = "different"
        await #expect(throws: StoreError.self) { try await store.createPayment(again) }
    }

    @Test func transitionWritesItsEventAndDuplicatesWriteNothing() async throws {
        let store = try TestDatabase().open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10))
        _ = try await store.apply(.providerResult(.pending(providerTransactionID: nil)), to: payment.id, source: "t", at: Fixture.clock)
        _ = try await store.apply(Fixture.success, to: payment.id, source: "t", at: Fixture.clock)
        let duplicate = try await store.apply(Fixture.success, to: payment.id, source: "t", at: Fixture.clock)
        #expect(duplicate.decision == .unchanged)
        let contradiction = try await store.apply(Fixture.decline, to: payment.id, source: "t", at: Fixture.clock)
        guard case .anomaly = contradiction.decision else {
            Issue.record("expected an anomaly")
            return
        }
        // The contradiction moves no money and flags the payment for an operator, which the wallet is told.
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.pending, .succeeded, .needsReview])
        #expect(try await store.payment(payment.id)?.needsReview == true)
        #expect(try await store.anomalies(limit: 10).count == 1)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 10)
        let event = try JSONDecoder().decode(PaymentEventEnvelope.self, from: try await store.outbox(.all, limit: 10)[1].payload)
        #expect(event.data.state == "succeeded")
        #expect(!event.data.counterparty.contains("781234"))
    }

    @Test func dataSurvivesReopening() async throws {
        let database = try TestDatabase()
        var id: PaymentID?
        do {
            let store = try database.open()
            try await store.fund("w", 321)
            id = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 21)).id
        }
        let reopened = try database.open()
        #expect(try await reopened.payment(try #require(id))?.state == .created)
        #expect(try await reopened.balances(wallet: WalletID("w")).first?.available == 300)
        #expect(try await reopened.appliedMigrations() == ["0001_payments_ledger_outbox", "0002_webhook_inbox", "0003_refunds", "0004_routing_decisions", "0005_transfers_by_payment_partial", "0006_money_path_edges", "0007_audit_log", "0008_timeline_indexes"])
        let synchronous = try await reopened.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        let journal = try await reopened.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(synchronous == 2)
        #expect(journal == "wal")
    }

    /// A database migrated by a newer hub (a rolling upgrade rolled back) is refused, untouched: this build would
    /// write rows its schema does not describe.
    @Test func aSchemaNewerThanThisBuildKnowsIsRefused() async throws {
        let database = try TestDatabase()
        do {
            let store = try database.open()
            try await store.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: ["0099_from_a_newer_hub"])
            }
        }
        do {
            _ = try database.open()
            Issue.record("opened a database migrated by a newer build")
        } catch let error as StoreError {
            #expect(error.kind == .database)
            #expect(error.message.contains("0099_from_a_newer_hub"), "\(error.message)")
        }
    }

    @Test func paginationWalksEveryPaymentOnce() async throws {
        let store = try TestDatabase().open()
        var ids = Set<String>()
        for _ in 0..<7 { ids.insert(try await store.create(try Fixture.draft(.topUp, wallet: "p", amount: 5)).id.rawValue) }
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await store.payments(wallet: WalletID("p"), limit: 3, cursor: cursor)
            seen += page.items.map(\.id.rawValue)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 7)
        #expect(Set(seen) == ids)
        await #expect(throws: StoreError.self) { try await store.payments(wallet: WalletID("p"), limit: 3, cursor: "garbage!") }
    }

    @Test func theInboxAppliesANotificationOnceAndKeepsUnmatchedOnes() async throws {
        let store = try TestDatabase().open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 40))
        func entry(_ key: String) -> InboxEntry {
            InboxEntry(provider: "test", dedupeKey: key, reference: payment.providerReference, event: "outcome:succeeded",
                       body: Data("{}".utf8), receivedAt: Fixture.clock)
        }
        guard case .applied(let first) = try await store.receiveNotification(entry("evt_1"), action: .payment(Fixture.success), paymentID: payment.id, at: Fixture.clock) else {
            Issue.record("expected the first delivery to apply")
            return
        }
        #expect(first.payment.state == .succeeded)
        for _ in 0..<3 {
            guard case .duplicate = try await store.receiveNotification(entry("evt_1"), action: .payment(Fixture.success), paymentID: payment.id, at: Fixture.clock) else {
                Issue.record("expected a duplicate")
                return
            }
        }
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 40)
        guard case .kept = try await store.receiveNotification(entry("evt_2"), action: .payment(Fixture.success), paymentID: nil, at: Fixture.clock) else {
            Issue.record("expected an unmatched notification to be kept")
            return
        }
        #expect(try await store.unmatchedNotifications(limit: 10).map(\.dedupeKey) == ["evt_2"])
        #expect(try await store.outbox(.all, limit: 10).count == 1)
    }
}
