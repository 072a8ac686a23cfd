import Foundation
import Testing
@testable import Hub

/// Refunds of succeeded top-ups: begun with the amount held, followed like a payment, posted on success, voided on
/// failure, released when provably not sent.
@Suite struct StoreRefundTests {
    func succeededTopUp(_ store: any Store, wallet: String = "w", amount: Int64 = 1000) async throws -> Payment {
        try await store.settle(try Fixture.draft(.topUp, wallet: wallet, amount: amount), with: .providerResult(.succeeded(providerTransactionID: "pi_1")))
    }

    @Test(arguments: StoreKind.allCases) func aRefundIsHeldFollowedAndPosted(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await succeededTopUp(store)
        let lease = Fixture.clock.addingTimeInterval(60)
        let start = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rf-1", at: Fixture.clock, leaseUntil: lease)
        #expect(start.state == "requested" && !start.replayed && start.reference == "rf-1" && start.providerTransactionID == "pi_1")
        let holding = try #require(try await store.wallet("w"))
        #expect(holding.available == 0 && holding.held == 1000)
        let replay = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rf-other", at: Fixture.clock,
                                                 leaseUntil: lease)
        #expect(replay.replayed && replay.reference == "rf-1")
        #expect(await storeErrorKind {
            try await store.beginRefund(of: payment.id, idempotencyKey: "refund-2", reference: "rf-2", at: Fixture.clock, leaseUntil: lease)
        } == .conflict)

        #expect(try await store.claimDueRefunds(now: lease.addingTimeInterval(-1), lease: 30, limit: 10).isEmpty, "the send is in flight")
        let due = try #require(try await store.claimDueRefunds(now: lease, lease: 30, limit: 10).first)
        #expect(due.payment.id == payment.id && due.state == "requested" && due.reference == "rf-1")
        #expect(due.originalProviderTransactionID == "pi_1" && due.providerRefundID == nil && due.polls == 0 && due.requestedAt == Fixture.clock)
        #expect(try await store.claimDueRefunds(now: lease, lease: 30, limit: 10).isEmpty, "leased")

        let accepted = try await store.recordRefundOutcome(of: payment.id, .pending(providerTransactionID: "re_1"), source: "test", at: lease,
                                                           nextPollAt: lease.addingTimeInterval(300))
        #expect(accepted.payment.refundState == "pending" && accepted.payment.state == .succeeded)
        try await store.scheduleRefundPoll(payment.id, at: lease, countingPoll: true)
        let polled = try #require(try await store.claimDueRefunds(now: lease, lease: 30, limit: 10).first)
        #expect(polled.state == "pending" && polled.providerRefundID == "re_1" && polled.polls == 1)

        let done = try await store.recordRefundOutcome(of: payment.id, .succeeded(providerTransactionID: "re_1"), source: "test", at: lease,
                                                       nextPollAt: lease)
        #expect(done.payment.state == .reversed && done.payment.refundState == "succeeded")
        let repeated = try await store.recordRefundOutcome(of: payment.id, .succeeded(providerTransactionID: "re_1"), source: "test", at: lease,
                                                           nextPollAt: lease)
        #expect(repeated.decision == .unchanged)
        let wallet = try #require(try await store.wallet("w"))
        #expect(wallet.posted == 0 && wallet.held == 0)
        #expect(try await store.claimDueRefunds(now: lease.addingTimeInterval(3600), lease: 30, limit: 10).isEmpty, "a finished refund")
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded, .refundRequested, .reversed])
        #expect(try await store.entries(wallet: WalletID("w"), limit: 10, cursor: nil).items.map(\.kind) == [.posted, .hold, .post])
        #expect(try await store.verifyLedger().violations == [])
        guard case .anomaly = try await store.recordRefundOutcome(of: payment.id, Fixture.declineResult, source: "test", at: lease,
                                                                  nextPollAt: lease).decision else {
            Issue.record("a failure after the success is an anomaly")
            return
        }
        #expect(try await store.payment(payment.id)?.needsReview == true)
    }

    @Test(arguments: StoreKind.allCases) func anUnsentRefundIsReleasedAndRetriedUnderItsReference(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await succeededTopUp(store)
        _ = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rf-1", at: Fixture.clock, leaseUntil: Fixture.clock)
        let released = try await store.refundNotSent(of: payment.id, at: Fixture.clock)
        #expect(released.refundState == nil && released.state == .succeeded)
        #expect(try await store.wallet("w")?.available == 1000)
        #expect(try await store.claimDueRefunds(now: Fixture.clock.addingTimeInterval(3600), lease: 30, limit: 10).isEmpty)
        let retry = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rf-new", at: Fixture.clock,
                                                leaseUntil: Fixture.clock)
        #expect(!retry.replayed && retry.reference == "rf-1" && retry.state == "requested")
        let failed = try await store.recordRefundOutcome(of: payment.id, Fixture.declineResult, source: "test", at: Fixture.clock,
                                                         nextPollAt: Fixture.clock)
        #expect(failed.payment.refundState == "failed" && failed.payment.state == .succeeded)
        let afterFailure = try #require(try await store.wallet("w"))
        #expect(afterFailure.available == 1000 && afterFailure.held == 0)
        // After a failed refund another one may be asked for.
        let second = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-2", reference: "rf-2", at: Fixture.clock,
                                                 leaseUntil: Fixture.clock)
        #expect(second.state == "requested" && second.reference == "rf-2")
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded, .refundFailed])
        #expect(try await store.entries(wallet: WalletID("w"), limit: 10, cursor: nil).items.map(\.kind)
                == [.posted, .hold, .void, .hold, .void, .hold])
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func whatCannotBeRefundedIsRefused(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let spent = try await succeededTopUp(store, wallet: "spent", amount: 500)
        _ = try await store.create(try Fixture.draft(.withdrawal, wallet: "spent", amount: 200))
        let open = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        let refundable = try await succeededTopUp(store, wallet: "w", amount: 100)
        func begin(_ id: PaymentID, _ key: String) async -> StoreError.Kind? {
            await storeErrorKind {
                try await store.beginRefund(of: id, idempotencyKey: key, reference: "rf-\(key)", at: Fixture.clock, leaseUntil: Fixture.clock)
            }
        }
        #expect(await begin(spent.id, "k1") == .insufficientFunds)
        #expect(await begin(open.id, "k2") == .conflict)
        #expect(await begin(PaymentID.generate(), "k3") == .notFound)
        #expect(await begin(refundable.id, "k4") == nil)
        #expect(await begin(spent.id, "k4") == .idempotencyConflict, "a key already used for another payment's refund")
        #expect(try await store.wallet("spent")?.held == 200)
        #expect(try await store.payment(spent.id)?.refundState == nil)
    }
}
