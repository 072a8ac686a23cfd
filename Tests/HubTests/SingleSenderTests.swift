import Foundation
import Logging
import Testing
@testable import Hub

/// A provider whose calls wait at a gate the test opens, so a test can act while a call is in flight.
struct GatedProvider: PayingProvider {
    let id: ProviderID
    /// Like MTN MoMo: the first status poll is due 30 s after the request.
    var capabilities = ProviderCapabilities(operations: [.collect, .payout], methods: [.mobileMoney], countries: ["RW"], currencies: [.RWF],
                                            expectedCallbackSeconds: 30)
    let gate = Gate()
    let answer: @Sendable (String) throws(ProviderError) -> ProviderResult
    let calls = CallLog()

    func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("collect \(request.reference)")
        await gate.wait()
        return try answer("collect")
    }
    func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("payout \(request.reference)")
        await gate.wait()
        return try answer("payout")
    }
    func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("status \(attempt.reference)")
        return try answer("status")
    }
    var notifications: (any NotificationHandler)? { nil }
}

/// Opens once; every waiter, earlier or later, then goes through.
actor Gate {
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if open { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func openGate() {
        open = true
        waiters.forEach { $0.resume() }
        waiters.removeAll()
    }
}

@Suite struct SingleSenderTests {
    @Test func thePollerLeavesAPaymentAloneWhileItsSendIsInFlight() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let clock = TestClock()
        let slow = GatedProvider(id: "a") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "a", reason: "token refetch timed out") }
        let other = ScriptedProvider(id: "b") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService(store: store, registry: ProviderRegistry([slow, other]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let poller = PendingPaymentPoller(hub: hub)
        let request = try PaymentRequest(kind: .withdrawal, walletID: WalletID("w"), amount: Money.positive(minorUnits: 300, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "payout-1")
        let submission = Task { try await hub.submit(request) }
        try await waitUntil { slow.calls.all.count == 1 }
        // The first poll was due 30 s after creation; the call to `a` is still running 45 s later.
        clock.advance(45)
        let done = CallLog()
        let polling = Task {
            defer { done.record("polled") }
            return await poller.pollOnce()
        }
        // Either the poll ends on its own, or it is stuck calling `a` behind the gate as well.
        try? await waitUntil { !done.all.isEmpty || slow.calls.all.count > 1 }
        await slow.gate.openGate()
        let polled = await polling.value
        let payment = try await submission.value.payment
        #expect(polled == 0, "the poller must not claim a payment whose send is in flight")
        #expect(slow.calls.all.count == 1, "\(slow.calls.all)")
        #expect(other.calls.all.count == 1)
        #expect(payment.provider == "b" && payment.state == .pending)
        #expect(try await store.attempts(of: payment.id).map(\.status) == [.notSent, .pending])
        #expect(try await store.balances(wallet: WalletID("w")).first?.held == 300)
    }

    @Test func aSendThatCrashedIsResumedOnceItsLeaseRunsOut() async throws {
        let store = try TestDatabase().open()
        let clock = TestClock()
        let provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let poller = PendingPaymentPoller(hub: hub)
        // The process stopped after writing the attempt, before its request left.
        var draft = try Fixture.draft(.topUp, wallet: "w", amount: 100)
        draft.firstPollAt = clock.now.addingTimeInterval(hub.sendLease)
        let orphan = try await store.create(draft)
        #expect(await poller.pollOnce() == 0)
        clock.advance(hub.sendLease + 1)
        #expect(await poller.pollOnce() == 1)
        #expect(provider.calls.all == ["collect \(orphan.providerReference)"])
        #expect(try await store.payment(orphan.id)?.state == .pending)
    }

    @Test func aNotificationForAStaleAttemptThatSaysMoneyMovedIsAnAnomaly() async throws {
        let store = try TestDatabase().open()
        let down = ScriptedProvider(id: "a") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "a", reason: "refused") }
        let up = ScriptedProvider(id: "b") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([down, up], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up-1")
        let payment = try await hub.submit(request).payment
        let stale = try await store.attempts(of: payment.id)[0]
        #expect(stale.provider == "a" && stale.status == .notSent)
        let notification = ProviderNotification(dedupeKey: "evt-1", reference: stale.reference, result: .succeeded(providerTransactionID: "a-9"))
        _ = try await hub.receive(notification, from: "a", signed: true, body: Data("{}".utf8))
        let after = try #require(try await store.payment(payment.id))
        #expect(after.state == .pending, "the answer of attempt 1 must not settle attempt 2")
        #expect(after.needsReview)
        #expect(try await store.anomalies(limit: 10).contains { $0.paymentID == payment.id })
        #expect(try await store.balances(wallet: WalletID("w")).isEmpty, "no money booked on a stale attempt's word")
        let attempts = try await store.attempts(of: payment.id)
        #expect(attempts[1].status == .pending)
    }
}

/// Waits (up to five seconds) until `condition` holds.
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    guard condition() else { throw WaitTimeout() }
}

struct WaitTimeout: Error {}

@Suite struct LateOutcomeTests {
    @Test func aSuccessHintForAFailedPaymentIsConfirmedAndFlaggedNotDropped() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { operation throws(ProviderError) in
            operation == "status" ? .succeeded(providerTransactionID: "momo-7")
                : .failed(PaymentFailure(reason: .declined, providerCode: "EXPIRED", message: "expired"))
        }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up-1")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .failed)
        let hint = ProviderNotification(dedupeKey: "cb-1", reference: payment.providerReference, result: .succeeded(providerTransactionID: nil))
        _ = try await hub.receive(hint, from: "a", signed: false, body: Data())
        #expect(provider.calls.all.contains("status \(payment.providerReference)"), "the hint must be checked with the provider")
        let after = try #require(try await store.payment(payment.id))
        #expect(after.state == .failed)
        #expect(after.needsReview)
        #expect(try await store.anomalies(limit: 10).contains { $0.paymentID == payment.id })
        #expect(try await store.outbox(.all, limit: 10).contains { $0.type == .needsReview })
        #expect(try await store.balances(wallet: WalletID("w")).isEmpty, "an operator decides; no money moves on its own")
    }

    @Test func aResumeRecordsWhenTheRequestLastLeft() async throws {
        let store = try TestDatabase().open()
        let clock = TestClock()
        let provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let orphan = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        clock.advance(3600)
        _ = try await hub.refresh(orphan.id)
        let attempt = try #require(try await store.attempts(of: orphan.id).first)
        #expect(attempt.createdAt == Fixture.clock)
        #expect(attempt.sentAt == clock.now)
    }
}

@Suite struct IdempotencyWindowTests {
    @Test func aPaymentLeftCreatedPastTheProvidersIdempotencyWindowGoesToReviewNotOut() async throws {
        let store = try TestDatabase().open()
        let clock = TestClock()
        var provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        provider.capabilities.idempotencyWindow = 24 * 3600
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let orphan = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        clock.advance(25 * 3600)
        let after = try await hub.refresh(orphan.id)
        #expect(provider.calls.all.isEmpty, "past the window the provider would take the same reference as a new payment")
        #expect(after.state == .created)
        #expect(try await store.payment(orphan.id)?.needsReview == true)
        #expect(try await store.anomalies(limit: 10).contains { $0.paymentID == orphan.id })
    }
}

@Suite struct UnsafeResendTests {
    /// A provider whose top-ups carry no idempotency key (M-Pesa's STK push): a top-up left `created` may have
    /// reached the payer, so it is never sent again; an operator settles it. A withdrawal there is resent as usual.
    @Test func aTopUpLeftCreatedAtAProviderThatCannotTakeItTwiceGoesToReviewNotOut() async throws {
        let store = try TestDatabase().open()
        let clock = TestClock()
        var provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: "t-1") }
        provider.capabilities.resendsTopUps = false
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(),
                             logger: Logger(label: "test"), now: { clock.now })
        let orphan = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        clock.advance(3600)
        let after = try await hub.refresh(orphan.id)
        #expect(provider.calls.all.isEmpty, "a second push could charge the payer twice")
        #expect(after.state == .created && after.needsReview)
        let anomaly = try #require(try await store.anomalies(limit: 10).first { $0.paymentID == orphan.id })
        #expect(anomaly.detail.contains("cannot be sent again safely"))
    }
}

@Suite struct StaleHintTests {
    @Test func anUnsignedHintAboutAnEarlierAttemptAsksAboutThatAttempt() async throws {
        let store = try TestDatabase().open()
        let down = ScriptedProvider(id: "a") { operation throws(ProviderError) in
            // The collect was taken for not sent, yet the provider later reports it paid.
            if operation == "status" { return .succeeded(providerTransactionID: "a-9") }
            throw ProviderError(.notSent, provider: "a", reason: "refused")
        }
        let up = ScriptedProvider(id: "b") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([down, up], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up-9")
        let payment = try await hub.submit(request).payment
        let stale = try await store.attempts(of: payment.id)[0]
        let hint = ProviderNotification(dedupeKey: "cb-9", reference: stale.reference, result: .succeeded(providerTransactionID: nil))
        _ = try await hub.receive(hint, from: "a", signed: false, body: Data())
        #expect(down.calls.all.contains("status \(stale.reference)"), "\(down.calls.all)")
        let after = try #require(try await store.payment(payment.id))
        #expect(after.state == .pending && after.needsReview)
        #expect(try await store.attempts(of: payment.id)[0].status == .succeeded)
    }
}
