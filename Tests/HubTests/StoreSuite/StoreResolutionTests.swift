import Foundation
import Testing
@testable import Hub

/// Review and manual resolution: a flag is raised once and told once; an operator's outcome books through the
/// state machine, clears the flag and is recorded with who and why.
@Suite struct StoreResolutionTests {
    @Test(arguments: StoreKind.allCases) func aFlaggedPayoutResolvedAsFailedReleasesItsHold(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 1000)
        let payout = try await store.settle(try Fixture.draft(.withdrawal, wallet: "w", amount: 300), with: Fixture.pending)
        #expect(await storeErrorKind {
            try await store.resolve(payout.id, as: .failed, reason: "not flagged", operator: "ops", at: Fixture.clock)
        } == .conflict)
        let later = Fixture.clock.addingTimeInterval(10)
        try await store.flagForReview(payout.id, source: "poller", detail: "pending past its deadline", at: later)
        try await store.flagForReview(payout.id, source: "poller", detail: "still pending", at: later.addingTimeInterval(5))
        #expect(try await store.anomalies(limit: 10).map(\.detail) == ["still pending", "pending past its deadline"], "newest first")
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded, .pending, .needsReview], "told once")
        #expect(try await store.paymentsNeedingReview(limit: 10).map(\.id) == [payout.id])

        let resolved = try await store.resolve(payout.id, as: .failed, reason: "statement shows no transfer", operator: "ops-ana",
                                               at: later.addingTimeInterval(60))
        #expect(resolved.payment.state == .failed && !resolved.payment.needsReview)
        #expect(resolved.payment.failure?.reason == .resolvedByOperator)
        let wallet = try #require(try await store.wallet("w"))
        #expect(wallet.available == 1000 && wallet.held == 0)
        let record = try #require(try await store.resolutions(of: payout.id).first)
        #expect(record.subject == .payment && record.resolvedAs == .failed && record.stateBefore == .pending)
        #expect(record.operator == "ops-ana" && record.reason == "statement shows no transfer" && record.createdAt == later.addingTimeInterval(60))
        #expect(try await store.paymentsNeedingReview(limit: 10).isEmpty)
        #expect(try await store.outbox(.all, limit: 10).last?.type == .failed)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func theLongestWaitingFlagComesFirst(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var ids: [PaymentID] = []
        for offset in [30, 10, 20] {
            let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10))
            try await store.flagForReview(payment.id, source: "test", detail: "look", at: Fixture.clock.addingTimeInterval(TimeInterval(offset)))
            ids.append(payment.id)
        }
        #expect(try await store.paymentsNeedingReview(limit: 10).map(\.id) == [ids[1], ids[2], ids[0]])
        #expect(try await store.paymentsNeedingReview(limit: 1).map(\.id) == [ids[1]])
    }

    @Test(arguments: StoreKind.allCases) func aRefundInFlightIsResolvedBeforeItsPayment(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let topUp = try await store.settle(try Fixture.draft(.topUp, wallet: "w", amount: 700), with: Fixture.success)
        _ = try await store.beginRefund(of: topUp.id, idempotencyKey: "refund-1", reference: "rf-1", at: Fixture.clock, leaseUntil: Fixture.clock)
        try await store.flagForReview(topUp.id, source: "poller", detail: "refund pending too long", at: Fixture.clock)
        #expect(await storeErrorKind {
            try await store.resolve(topUp.id, as: .failed, reason: "x", operator: "ops", at: Fixture.clock)
        } == .conflict)
        let resolved = try await store.resolveRefund(topUp.id, as: .succeeded, reason: "refund on the statement", operator: "ops-ana",
                                                     at: Fixture.clock)
        #expect(resolved.payment.state == .reversed && resolved.payment.refundState == "succeeded" && !resolved.payment.needsReview)
        #expect(try await store.resolutions(of: topUp.id).map(\.subject) == [.refund])
        #expect(try await store.wallet("w")?.posted == 0)
        #expect(await storeErrorKind {
            try await store.resolveRefund(topUp.id, as: .succeeded, reason: "again", operator: "ops", at: Fixture.clock)
        } == .conflict)
        #expect(try await store.verifyLedger().isValid)
    }
}
