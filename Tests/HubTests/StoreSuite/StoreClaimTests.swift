import Foundation
import Testing
@testable import Hub

/// Claims: an open payment whose poll is due is claimed once per lease, earliest first, whoever asks; a final one
/// never is; a schedule moves it and counts the poll.
@Suite struct StoreClaimTests {
    @Test(arguments: StoreKind.allCases) func duePaymentsAreClaimedOncePerLease(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var ids: [PaymentID] = []
        for offset in [20, 0, 10, 40] {
            var draft = try Fixture.draft(.topUp, wallet: "w", amount: 10)
            draft.firstPollAt = Fixture.clock.addingTimeInterval(TimeInterval(offset))
            ids.append(try await store.create(draft).id)
        }
        let settled = try await store.settle(try Fixture.draft(.topUp, wallet: "w", amount: 10), with: Fixture.success)
        #expect(settled.state == .succeeded)
        let now = Fixture.clock.addingTimeInterval(20)
        #expect(try await store.claimDuePayments(now: now, lease: 60, limit: 2).map(\.payment.id) == [ids[1], ids[2]], "earliest due first")
        #expect(try await store.claimDuePayments(now: now, lease: 60, limit: 10).map(\.payment.id) == [ids[0]])
        #expect(try await store.claimDuePayments(now: now, lease: 60, limit: 10).isEmpty, "all due ones are leased, the rest not due")
        let afterLease = try await store.claimDuePayments(now: now.addingTimeInterval(60), lease: 60, limit: 10)
        #expect(afterLease.first?.payment.id == ids[3], "due since +40, the others since their leases ran out at +80")
        #expect(afterLease.count == 4 && Set(afterLease.map(\.payment.id)) == Set(ids))
        #expect(afterLease.allSatisfy { $0.polls == 0 && $0.payment.state == .created })

        try await store.schedulePoll(ids[3], at: Fixture.clock, countingPoll: true)
        try await store.schedulePoll(ids[3], at: Fixture.clock, countingPoll: true)
        try await store.schedulePoll(ids[3], at: Fixture.clock, countingPoll: false)
        try await store.schedulePoll(PaymentID.generate(), at: Fixture.clock, countingPoll: true)
        let rescheduled = try await store.claimDuePayments(now: Fixture.clock, lease: 60, limit: 10)
        #expect(rescheduled.map(\.payment.id) == [ids[3]] && rescheduled.first?.polls == 2)
        _ = try await store.apply(Fixture.pending, to: ids[3], source: "test", at: Fixture.clock)
        try await store.schedulePoll(ids[3], at: Fixture.clock, countingPoll: false)
        #expect(try await store.claimDuePayments(now: Fixture.clock, lease: 60, limit: 10).map(\.payment.state) == [.pending], "pending is open")
    }

    @Test(arguments: StoreKind.allCases) func concurrentClaimersNeverShareAPayment(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var ids = Set<PaymentID>()
        for _ in 0..<60 { ids.insert(try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10)).id) }
        let claims = try await withThrowingTaskGroup(of: [PaymentID].self) { group in
            for _ in 0..<8 {
                group.addTask { try await store.claimDuePayments(now: Fixture.clock, lease: 60, limit: 10).map(\.payment.id) }
            }
            return try await group.reduce(into: [PaymentID]()) { $0 += $1 }
        }
        #expect(claims.count == 60 && Set(claims) == ids)
    }

    @Test(arguments: StoreKind.allCases) func anApplyWithANextPollMovesTheScheduleOfAnOpenPaymentOnly(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10))
        let next = Fixture.clock.addingTimeInterval(300)
        _ = try await store.apply(Fixture.pending, to: payment.id, attempt: nil, source: "poll", at: Fixture.clock, nextPollAt: next)
        #expect(try await store.claimDuePayments(now: next.addingTimeInterval(-0.002), lease: 60, limit: 10).isEmpty)
        #expect(try await store.claimDuePayments(now: next, lease: 60, limit: 10).count == 1)
        _ = try await store.apply(Fixture.success, to: payment.id, attempt: nil, source: "poll", at: Fixture.clock, nextPollAt: next)
        #expect(try await store.claimDuePayments(now: next.addingTimeInterval(3600), lease: 60, limit: 10).isEmpty, "a final payment is not polled")
    }

    /// What the callers validate away, but a store answers as SQL's `LIMIT` does: a negative bound is none.
    @Test(arguments: StoreKind.allCases) func aNegativeLimitIsNoLimit(_ kind: StoreKind) async throws {
        let store = try kind.open()
        for _ in 0..<3 {
            let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10))
            _ = try await store.apply(Fixture.pending, to: payment.id, source: "test", at: Fixture.clock)
            try await store.flagForReview(payment.id, source: "test", detail: "look", at: Fixture.clock)
        }
        #expect(try await store.outbox(.all, limit: -1).count == 6)
        #expect(try await store.anomalies(limit: -1).count == 3)
        #expect(try await store.paymentsNeedingReview(limit: -1).count == 3)
        #expect(try await store.claimDuePayments(now: Fixture.clock, lease: 60, limit: -1).count == 3)
        #expect(try await store.claimDueEvents(now: Fixture.clock, lease: 60, limit: -1).count == 3)
    }
}
