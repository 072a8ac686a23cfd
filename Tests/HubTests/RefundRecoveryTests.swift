import Foundation
import Logging
import Testing
@testable import Hub

/// Refunds always reach an end: resumed after a crash, retried after a refund that never left, failed by the
/// provider's notification, or settled by asking the provider.
@Suite struct RefundRecoveryTests {
    struct Rig {
        let hub: HubService
        let store: SQLiteStore
        let clock: TestClock
        let provider: RefundingScriptedProvider
        let payment: PaymentID
        var poller: PendingPaymentPoller { PendingPaymentPoller(hub: hub) }

        func wallet() async throws -> AccountBalance { try #require(try await store.balances(wallet: WalletID("w")).first) }
    }

    func rig(refund: @escaping @Sendable () throws(ProviderError) -> ProviderResult,
             status: (@Sendable () throws(ProviderError) -> ProviderResult)? = nil) async throws -> Rig {
        let store = try TestDatabase().open()
        let clock = TestClock()
        var provider = RefundingScriptedProvider(refundAnswer: refund)
        if let status { provider.refundStatusAnswer = status }
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .succeeded)
        return Rig(hub: hub, store: store, clock: clock, provider: provider, payment: payment.id)
    }

    @Test func aRefundLeftRequestedByACrashIsResumedOnceUnderItsReference() async throws {
        let rig = try await rig { .succeeded(providerTransactionID: "re_1") }
        // The process stopped after the hold was written, before the provider was called.
        _ = try await rig.store.beginRefund(of: rig.payment, idempotencyKey: "refund-1", reference: "rfd-crashed",
                                            at: rig.clock.now, leaseUntil: rig.clock.now.addingTimeInterval(rig.hub.sendLease))
        #expect(try await rig.wallet().held == 1000)
        let replay = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
        #expect(replay.replayed && replay.payment.refundState == "requested")
        #expect(rig.provider.calls.all.isEmpty, "the refund's send may still be in flight: a replay sends nothing")
        rig.clock.advance(rig.hub.sendLease + 1)
        await rig.poller.pollOnce()
        await rig.poller.pollOnce()
        #expect(rig.provider.calls.all.count == 1)
        let payment = try #require(try await rig.store.payment(rig.payment))
        #expect(payment.state == .reversed && payment.refundState == "succeeded")
        let wallet = try await rig.wallet()
        #expect(wallet.posted == 0 && wallet.held == 0)
        #expect(try await rig.store.verifyLedger().isValid)
    }

    @Test func aRefundThatNeverLeftCanBeRetriedWithTheSameKey() async throws {
        let tries = Counter()
        let rig = try await rig { () throws(ProviderError) in
            if tries.next() == 0 { throw ProviderError(.notSent, provider: "cards", reason: "connection refused") }
            return .succeeded(providerTransactionID: "re_2")
        }
        do {
            _ = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
            Issue.record("a refund that never left must be reported as unavailable")
        } catch { #expect(error.kind == .unavailable) }
        let released = try await rig.wallet()
        #expect(released.available == 1000 && released.held == 0)
        #expect(try await rig.store.payment(rig.payment)?.refundState == nil, "the payment is refundable again")
        let retried = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
        #expect(!retried.replayed)
        #expect(retried.payment.state == .reversed)
        #expect(rig.provider.calls.all.count == 2)
        #expect(try await rig.wallet().posted == 0)
        #expect(try await rig.store.verifyLedger().isValid)
    }

    @Test func aPendingRefundThatFailsLaterReleasesTheHoldAndTellsTheWallet() async throws {
        let rig = try await rig { .pending(providerTransactionID: "re_3") }
        let pending = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
        #expect(pending.payment.refundState == "pending")
        #expect(try await rig.store.outbox(.all, limit: 20).contains { $0.type == .refundRequested })
        let original = try #require(try await rig.store.attempts(of: rig.payment).first)
        let failed = ProviderNotification(dedupeKey: "evt-refund-failed", reference: original.reference,
                                          event: .refund(.failed(PaymentFailure(reason: .declined, providerCode: "expired_or_canceled_card",
                                                                                message: "the refund could not be completed")), reference: nil))
        _ = try await rig.hub.receive(failed, from: "cards", signed: true, body: Data("{}".utf8))
        let payment = try #require(try await rig.store.payment(rig.payment))
        #expect(payment.state == .succeeded && payment.refundState == "failed")
        let wallet = try await rig.wallet()
        #expect(wallet.available == 1000 && wallet.held == 0)
        #expect(try await rig.store.outbox(.all, limit: 20).contains { $0.type == .refundFailed })
        #expect(try await rig.store.verifyLedger().isValid)
    }

    @Test func aPendingRefundWithoutAProviderIDIsAskedAboutByItsReferenceNotSentAgain() async throws {
        let rig = try await rig(refund: { .pending(providerTransactionID: nil) }, status: { .succeeded(providerTransactionID: nil) })
        _ = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
        rig.clock.advance(3600)
        await rig.poller.pollOnce()
        #expect(rig.provider.calls.all.filter { $0.hasPrefix("refund ") }.count == 1, "\(rig.provider.calls.all)")
        #expect(try await rig.store.payment(rig.payment)?.state == .reversed)
    }

    @Test func aSilentPendingRefundIsSettledByAskingTheProvider() async throws {
        let rig = try await rig(refund: { .pending(providerTransactionID: "re_4") },
                                status: { .succeeded(providerTransactionID: "re_4") })
        _ = try await rig.hub.refund(rig.payment, idempotencyKey: "refund-1")
        rig.clock.advance(3600)
        await rig.poller.pollOnce()
        #expect(rig.provider.calls.all.contains { $0.hasPrefix("refund-status") && $0.hasSuffix("re_4") })
        let payment = try #require(try await rig.store.payment(rig.payment))
        #expect(payment.state == .reversed && payment.refundState == "succeeded")
        #expect(try await rig.wallet().posted == 0)
        #expect(try await rig.store.verifyLedger().isValid)
    }
}

@Suite struct RefundIdentityTests {
    @Test func aLateOutcomeOfAnEarlierRefundDoesNotEndTheCurrentOne() async throws {
        let tries = Counter()
        let store = try TestDatabase().open()
        let provider = RefundingScriptedProvider { () throws(ProviderError) in
            tries.next() == 0 ? .failed(PaymentFailure(reason: .declined, providerCode: "x", message: "declined")) : .pending(providerTransactionID: "re_2")
        }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        await #expect(throws: HubError.self) { _ = try await hub.refund(payment.id, idempotencyKey: "refund-1") }
        let second = try await hub.refund(payment.id, idempotencyKey: "refund-2")
        #expect(second.payment.refundState == "pending")
        let firstReference = "rfd-first"
        let late = ProviderNotification(dedupeKey: "evt-late", reference: payment.providerReference,
                                        event: .refund(.failed(PaymentFailure(reason: .declined, providerCode: "x", message: "declined")),
                                                       reference: firstReference))
        _ = try await hub.receive(late, from: "cards", signed: true, body: Data("{}".utf8))
        let after = try #require(try await store.payment(payment.id))
        #expect(after.refundState == "pending", "the outcome names another refund")
        #expect(try await store.balances(wallet: WalletID("w")).first?.held == 1000)
    }

    @Test func aRefundThatIsNotIdempotentIsNeverSentTwice() async throws {
        let store = try TestDatabase().open()
        let clock = TestClock()
        var provider = RefundingScriptedProvider { .succeeded(providerTransactionID: "1") }
        provider.idempotent = false
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        // Crashed after the hold, before or while calling the provider: whether it got through is unknown.
        _ = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rfd-1", at: clock.now,
                                        leaseUntil: clock.now.addingTimeInterval(hub.sendLease))
        clock.advance(hub.sendLease + 1)
        await PendingPaymentPoller(hub: hub).pollOnce()
        #expect(provider.calls.all.isEmpty, "a refund without an idempotency key cannot be sent again safely")
        let after = try #require(try await store.payment(payment.id))
        #expect(after.needsReview && after.refundState == "requested")
    }
}

/// Counts calls across concurrent closures.
final class Counter: @unchecked Sendable {  // `value` guarded by `lock`
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
