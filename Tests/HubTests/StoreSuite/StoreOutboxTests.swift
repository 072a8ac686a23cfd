import Foundation
import Testing
@testable import Hub

/// The outbox: a payment's events leave in order, one at a time; a claim leases them; a failed delivery waits for
/// its retry; a dead event holds its payment's later ones back until it is redelivered.
@Suite struct StoreOutboxTests {
    /// Two payments with two events each, written interleaved: A pending, B pending, A succeeded, B failed.
    func twoPayments(_ store: any Store) async throws -> (Payment, Payment) {
        let a = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        let b = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 200))
        _ = try await store.apply(Fixture.pending, to: a.id, source: "test", at: Fixture.clock)
        _ = try await store.apply(Fixture.pending, to: b.id, source: "test", at: Fixture.clock)
        _ = try await store.apply(Fixture.success, to: a.id, source: "test", at: Fixture.clock)
        _ = try await store.apply(Fixture.decline, to: b.id, source: "test", at: Fixture.clock)
        return (a, b)
    }

    @Test(arguments: StoreKind.allCases) func eachPaymentsEventsLeaveInOrderUnderALease(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let (a, b) = try await twoPayments(store)
        let all = try await store.outbox(.all, limit: 10)
        #expect(all.map(\.type) == [.pending, .pending, .succeeded, .failed])
        #expect(all.map(\.paymentID) == [a.id, b.id, a.id, b.id])
        #expect(all.map(\.sequence) == all.map(\.sequence).sorted() && Set(all.map(\.eventID)).count == 4)
        #expect(all.allSatisfy { $0.deliveryAttempts == 0 && $0.deliveredAt == nil && $0.nextAttemptAt == Fixture.clock })
        #expect(try await store.outbox(.all, limit: 3).count == 3)

        let first = try await store.claimDueEvents(now: Fixture.clock, lease: 30, limit: 10)
        #expect(first.map(\.sequence) == [all[0].sequence, all[1].sequence], "only each payment's oldest")
        #expect(first.allSatisfy { $0.nextAttemptAt == Fixture.clock }, "returned as they were before the lease")
        #expect(try await store.claimDueEvents(now: Fixture.clock.addingTimeInterval(29), lease: 30, limit: 10).isEmpty, "leased")
        // The lease ran out without an answer: the same events again.
        let again = try await store.claimDueEvents(now: Fixture.clock.addingTimeInterval(30), lease: 30, limit: 1)
        #expect(again.map(\.sequence) == [all[0].sequence])

        let now = Fixture.clock.addingTimeInterval(30)
        try await store.recordDelivery(of: all[0].sequence, delivered: true, error: nil, retryAt: nil, at: now)
        #expect(try await store.claimDueEvents(now: now, lease: 30, limit: 10).map(\.sequence) == [all[1].sequence, all[2].sequence],
                "A's next event once its first is delivered, and B's first again, its lease over")
        try await store.recordDelivery(of: all[2].sequence, delivered: true, error: nil, retryAt: nil, at: now)
        try await store.recordDelivery(of: all[1].sequence, delivered: false, error: "HTTP 503", retryAt: now.addingTimeInterval(60), at: now)
        let retried = try #require(try await store.outbox(.all, limit: 10).first { $0.sequence == all[1].sequence })
        #expect(retried.deliveryAttempts == 1 && retried.lastError == "HTTP 503" && retried.deadAt == nil)
        #expect(retried.nextAttemptAt == now.addingTimeInterval(60))
        #expect(try await store.claimDueEvents(now: now.addingTimeInterval(59), lease: 30, limit: 10).isEmpty,
                "B's failed event waits for its retry, and B's later one behind it")
        #expect(try await store.claimDueEvents(now: now.addingTimeInterval(60), lease: 30, limit: 10).map(\.sequence) == [all[1].sequence])
        let delivered = try #require(try await store.outbox(.all, limit: 10).first)
        #expect(delivered.deliveredAt == now && delivered.deliveryAttempts == 1 && delivered.lastError == nil)
        #expect(try await store.outbox(.undelivered, limit: 10).map(\.sequence) == [all[1].sequence, all[3].sequence])
    }

    @Test(arguments: StoreKind.allCases) func aDeadEventHoldsBackItsPaymentUntilRedelivered(_ kind: StoreKind) async throws {
        let store = try kind.open()
        _ = try await twoPayments(store)
        let all = try await store.outbox(.all, limit: 10)
        try await store.recordDelivery(of: all[0].sequence, delivered: false, error: "HTTP 500", retryAt: nil, at: Fixture.clock)
        #expect(try await store.outbox(.dead, limit: 10).map(\.sequence) == [all[0].sequence])
        #expect(try await store.outbox(.undelivered, limit: 10).map(\.sequence) == [all[1].sequence, all[2].sequence, all[3].sequence])
        let later = Fixture.clock.addingTimeInterval(3600)
        #expect(try await store.claimDueEvents(now: later, lease: 30, limit: 10).map(\.sequence) == [all[1].sequence],
                "payment A's succeeded waits behind its dead pending")
        #expect(try await store.redeliver(eventID: all[0].eventID, at: later))
        #expect(try await store.redeliver(eventID: "evt_unknown", at: later) == false)
        let redelivered = try #require(try await store.outbox(.all, limit: 1).first)
        #expect(redelivered.deadAt == nil && redelivered.deliveryAttempts == 0 && redelivered.nextAttemptAt == later)
        #expect(try await store.outbox(.dead, limit: 10).isEmpty)
        #expect(try await store.claimDueEvents(now: later.addingTimeInterval(30), lease: 30, limit: 10).map(\.sequence)
                == [all[0].sequence, all[1].sequence])
    }

    @Test(arguments: StoreKind.allCases) func gaugesCountTheBacklogAndOpenPaymentsByAge(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let empty = try await store.gauges(now: Fixture.clock)
        #expect(empty.outboxBacklog == 0 && empty.oldestUndeliveredAt == nil)
        #expect(empty.pendingPayments == Dictionary(uniqueKeysWithValues: StoreGauges.PendingAge.allCases.map { ($0, 0) }))
        for age in [0, 59, 60, 299, 300, 3599, 3600, 86_400] {
            var draft = try Fixture.draft(.topUp, wallet: "w", amount: 10)
            draft.createdAt = Fixture.clock.addingTimeInterval(-TimeInterval(age))
            _ = try await store.create(draft)
        }
        _ = try await twoPayments(store)  // created now, both final: not open
        let events = try await store.outbox(.all, limit: 10)
        try await store.recordDelivery(of: events[0].sequence, delivered: true, error: nil, retryAt: nil, at: Fixture.clock)
        try await store.recordDelivery(of: events[1].sequence, delivered: false, error: "HTTP 500", retryAt: nil, at: Fixture.clock)
        let gauges = try await store.gauges(now: Fixture.clock)
        #expect(gauges.outboxBacklog == 2)
        #expect(gauges.oldestUndeliveredAt == Fixture.clock)
        #expect(gauges.pendingPayments == [.underOneMinute: 2, .oneToFiveMinutes: 2, .fiveToSixtyMinutes: 2, .overOneHour: 2])
        let ready = try await store.readiness()
        #expect(ready.isReady && ready.pending.isEmpty)
    }
}
