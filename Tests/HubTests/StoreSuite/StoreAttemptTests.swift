import Foundation
import Testing
@testable import Hub

/// Attempts: a failover after a not-sent attempt moves the withdrawal's hold to the next provider, a late answer
/// about the abandoned attempt flags the payment, and a resend takes the send lease.
@Suite struct StoreAttemptTests {
    @Test(arguments: StoreKind.allCases) func aFailoverMovesTheHoldAndKeepsTheOldAttempt(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 1000)
        let payment = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 400, provider: "a"))
        let first = payment.providerReference
        #expect(try await store.markAttemptNotSent(payment.id, reference: first, at: Fixture.clock))
        let lease = Fixture.clock.addingTimeInterval(180)
        let moved = try await store.addAttempt(to: payment.id, after: first, provider: "b", reference: "ref-b", at: Fixture.clock, leaseUntil: lease)
        #expect(moved.provider == "b" && moved.providerReference == "ref-b" && moved.state == .created)
        let attempts = try await store.attempts(of: payment.id)
        #expect(attempts.map(\.number) == [1, 2])
        #expect(attempts.map(\.status) == [.notSent, .sending])
        #expect(attempts.map(\.provider) == ["a", "b"])
        #expect(try await store.balance(account: "provider:a:clearing", currency: .RWF)?.creditsPending == 0)
        #expect(try await store.balance(account: "provider:b:clearing", currency: .RWF)?.creditsPending == 400)
        #expect(try await store.wallet("w")?.held == 400)
        // The first attempt is no longer current: neither marked again nor failed over from again.
        #expect(try await store.markAttemptNotSent(payment.id, reference: first, at: Fixture.clock) == false)
        #expect(await storeErrorKind {
            try await store.addAttempt(to: payment.id, after: first, provider: "c", reference: "ref-c", at: Fixture.clock, leaseUntil: lease)
        } == .conflict)
        #expect(try await store.claimDuePayments(now: Fixture.clock.addingTimeInterval(60), lease: 30, limit: 10).isEmpty,
                "the new attempt's send lease keeps the poller away")

        _ = try await store.apply(.providerResult(.pending(providerTransactionID: "tx-b")), to: payment.id, source: "test", at: Fixture.clock)
        #expect(try await store.payment(provider: "b", reference: "tx-b")?.id == payment.id, "found by the provider's transaction id")
        #expect(try await store.payment(provider: "a", reference: first)?.id == payment.id, "found by the abandoned attempt's reference")
        let done = try await store.apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock).payment
        #expect(done.state == .succeeded)
        let wallet = try #require(try await store.wallet("w"))
        #expect(wallet.posted == 600 && wallet.held == 0)
        #expect(try await store.balance(account: "provider:b:clearing", currency: .RWF)?.creditsPosted == 400)
        #expect(try await store.verifyLedger().violations == [])
    }

    @Test(arguments: StoreKind.allCases) func aSuccessReportedForTheAbandonedAttemptFlagsThePayment(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 300, provider: "a"))
        #expect(try await store.markAttemptNotSent(payment.id, reference: payment.providerReference, at: Fixture.clock))
        _ = try await store.addAttempt(to: payment.id, after: payment.providerReference, provider: "b", reference: "ref-b", at: Fixture.clock,
                                       leaseUntil: Fixture.clock)
        let late = try await store.apply(Fixture.success, to: payment.id, attempt: payment.providerReference, source: "a:notification",
                                         at: Fixture.clock, nextPollAt: nil)
        guard case .anomaly = late.decision else {
            Issue.record("expected an anomaly, got \(late.decision)")
            return
        }
        #expect(late.payment.state == .created && late.payment.needsReview)
        #expect(try await store.attempts(of: payment.id).map(\.status) == [.succeeded, .sending])
        #expect(try await store.wallet("w") == nil, "no money moves on the abandoned attempt's word")
        #expect(try await store.anomalies(limit: 10).map(\.source) == ["a:notification"])
        #expect(try await store.paymentsNeedingReview(limit: 10).map(\.id) == [payment.id])
    }

    @Test(arguments: StoreKind.allCases) func aResendTakesTheSendLease(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 300))
        let resentAt = Fixture.clock.addingTimeInterval(120)
        #expect(try await store.beginResend(payment.id, reference: payment.providerReference, at: resentAt,
                                            leaseUntil: resentAt.addingTimeInterval(180)))
        #expect(try await store.attempts(of: payment.id).first?.sentAt == resentAt)
        #expect(try await store.claimDuePayments(now: resentAt.addingTimeInterval(179), lease: 30, limit: 10).isEmpty)
        #expect(try await store.claimDuePayments(now: resentAt.addingTimeInterval(180), lease: 30, limit: 10).map(\.payment.id) == [payment.id])
        #expect(try await store.beginResend(payment.id, reference: "another", at: resentAt, leaseUntil: resentAt) == false)
        _ = try await store.apply(Fixture.pending, to: payment.id, source: "test", at: resentAt)
        #expect(try await store.beginResend(payment.id, reference: payment.providerReference, at: resentAt, leaseUntil: resentAt) == false,
                "a payment no longer created is not resent")
    }
}
