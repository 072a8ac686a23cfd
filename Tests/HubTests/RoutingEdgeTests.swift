import Foundation
import GRDB
import Logging
import Testing
@testable import Hub

/// The edges of routing: replays answered before any routing, circuit probes that always come back, and the
/// books following a failover to the provider that really pays.
@Suite struct RoutingEdgeTests {
    func request(_ kind: PaymentKind, amount: Int64, key: String = UUID().uuidString) throws -> PaymentRequest {
        try PaymentRequest(kind: kind, walletID: WalletID("w"), amount: Money.positive(minorUnits: amount, currency: .RWF),
                           counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: key)
    }

    func hub(_ providers: [any PaymentProvider], store: any Store, breakers: CircuitBreakers = CircuitBreakers(),
             clock: TestClock = TestClock()) -> HubService {
        HubService(store: store, registry: ProviderRegistry(providers), transport: UnusedTransport(), logger: Logger(label: "test"),
                   breakers: breakers, now: { clock.now })
    }

    @Test func aReplayIsAnsweredWhileTheOnlyProvidersCircuitIsOpen() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let breakers = CircuitBreakers(threshold: 1, coolDown: 60)
        let hub = hub([provider], store: store, breakers: breakers)
        let first = try await hub.submit(try request(.withdrawal, amount: 300, key: "payout-1"))
        #expect(first.payment.state == .pending)
        breakers.recordFailure("a", now: Fixture.clock)
        #expect(breakers.snapshot("a", now: Fixture.clock).state == .open)
        let replay = try await hub.submit(try request(.withdrawal, amount: 300, key: "payout-1"))
        #expect(replay.replayed)
        #expect(replay.payment.id == first.payment.id)
        #expect(replay.payment.state == .pending)
        #expect(provider.calls.all.count == 1)
        // Same key, other parameters: still refused as a conflict, before any routing.
        let refused = try request(.withdrawal, amount: 301, key: "payout-1")
        do {
            _ = try await hub.submit(refused)
            Issue.record("a different body under the same key must be refused")
        } catch { #expect(error.kind == .idempotencyConflict) }
    }

    @Test func aHalfOpenProviderConsideredButNotCalledStaysAvailable() async throws {
        let store = try TestDatabase().open()
        let first = ScriptedProvider(id: "first") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let second = ScriptedProvider(id: "second") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let breakers = CircuitBreakers(threshold: 1, coolDown: 30)
        breakers.recordFailure("second", now: Fixture.clock.addingTimeInterval(-60))
        #expect(breakers.snapshot("second", now: Fixture.clock).state == .halfOpen)
        let hub = hub([first, second], store: store, breakers: breakers)
        // `second` is a candidate behind `first`, which answers: no probe is made.
        _ = try await hub.submit(try request(.topUp, amount: 100))
        #expect(second.calls.all.isEmpty)
        // A payment that names `second` must still reach it: the probe was never taken.
        var named = try request(.topUp, amount: 100)
        named.provider = "second"
        let payment = try await hub.submit(named).payment
        #expect(payment.provider == "second")
        #expect(second.calls.all.count == 1)
        #expect(breakers.snapshot("second", now: Fixture.clock).state == .closed)
    }

    @Test func aStoreRefusalDuringTheProbeGivesItBack() async throws {
        let store = try TestDatabase().open()
        let only = ScriptedProvider(id: "only") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let breakers = CircuitBreakers(threshold: 1, coolDown: 30)
        breakers.recordFailure("only", now: Fixture.clock.addingTimeInterval(-60))
        let hub = hub([only], store: store, breakers: breakers)
        let refused = try request(.withdrawal, amount: 100)
        do {
            _ = try await hub.submit(refused)
            Issue.record("a withdrawal from an empty wallet must be refused")
        } catch { #expect(error.kind == .unknownWallet || error.kind == .insufficientFunds) }
        let payment = try await hub.submit(try request(.topUp, amount: 100)).payment
        #expect(payment.state == .pending)
        #expect(only.calls.all.count == 1)
    }

    @Test func aFailedOverPayoutIsBookedAgainstTheProviderThatPaid() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let down = ScriptedProvider(id: "a") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "a", reason: "refused") }
        let up = ScriptedProvider(id: "b") { operation throws(ProviderError) in
            operation == "status" ? .succeeded(providerTransactionID: "b-1") : .pending(providerTransactionID: nil)
        }
        let hub = hub([down, up], store: store)
        let payment = try await hub.submit(try request(.withdrawal, amount: 300)).payment
        #expect(payment.provider == "b")
        let a = try await store.balance(account: "provider:a:clearing", currency: .RWF)
        #expect((a?.creditsPending ?? 0) == 0, "the hold left provider a when the payout moved to b")
        #expect(try await store.balance(account: "provider:b:clearing", currency: .RWF)?.creditsPending == 300)
        #expect(try await hub.refresh(payment.id).state == .succeeded)
        let aAfter = try await store.balance(account: "provider:a:clearing", currency: .RWF)
        #expect((aAfter?.creditsPosted ?? 0) - (aAfter?.debitsPosted ?? 0) == 0)
        #expect((aAfter?.creditsPending ?? 0) == 0)
        let b = try #require(try await store.balance(account: "provider:b:clearing", currency: .RWF))
        #expect(b.creditsPosted == 300 && b.creditsPending == 0)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 700)
        #expect(try await store.verifyLedger().isValid)
    }
}

@Suite struct ReviewFindingsTests {
    func request(_ kind: PaymentKind, amount: Int64, key: String) throws -> PaymentRequest {
        try PaymentRequest(kind: kind, walletID: WalletID("w"), amount: Money.positive(minorUnits: amount, currency: .RWF),
                           counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: key)
    }

    @Test func aReplayIsAnsweredEvenAfterTheLimitWasLowered() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 10_000)
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let before = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(), logger: .init(label: "test"),
                                now: { Fixture.clock })
        let first = try await before.submit(try request(.withdrawal, amount: 5000, key: "payout-1"))
        let after = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(), logger: .init(label: "test"),
                               limits: PaymentLimits(maximum: [.RWF: 1000]), now: { Fixture.clock })
        let replay = try await after.submit(try request(.withdrawal, amount: 5000, key: "payout-1"))
        #expect(replay.replayed && replay.payment.id == first.payment.id)
    }

    @Test func anUnsignedHintNeverResendsAPaymentStillBeingSent() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        let sending = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        let hint = ProviderNotification(dedupeKey: "cb", reference: sending.providerReference, result: .succeeded(providerTransactionID: nil))
        _ = try await hub.receive(hint, from: "test", signed: false, body: Data())
        #expect(provider.calls.all.isEmpty, "the payment's send holds it: a hint must not send it again")
    }

    @Test func aFailoverMovesTheHoldEvenWhenTheWalletWentShort() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let topUp = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 900, provider: "a"))
        _ = try await store.apply(Fixture.success, to: topUp.id, source: "test", at: Fixture.clock)
        let slow = GatedProvider(id: "a") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "a", reason: "refused") }
        let up = ScriptedProvider(id: "b") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([slow, up], store: store)
        let request = try request(.withdrawal, amount: 1500, key: "payout-2")
        let submission = Task { try await hub.submit(request) }
        try await waitUntil { slow.calls.all.count == 1 }
        // While the first provider is being called, a reversal of the top-up takes the wallet below the held amount.
        _ = try await store.apply(.reversal, to: topUp.id, source: "test", at: Fixture.clock)
        await slow.gate.openGate()
        let payment = try await submission.value.payment
        #expect(payment.provider == "b" && payment.state == .pending, "the money is already reserved: moving it must not re-check it")
        #expect(try await store.balance(account: "provider:b:clearing", currency: .RWF)?.creditsPending == 1500)
    }

    @Test func aFlaggedPaymentIsNotFlaggedAgainOnEveryPoll() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let provider = ScriptedProvider(id: "test") { operation throws(ProviderError) in
            if operation == "status" { throw ProviderError.needsReview(provider: "test", reason: "unknown payout") }
            return .pending(providerTransactionID: nil)
        }
        let hub = HubService.testing([provider], store: store)
        let payment = try await hub.submit(try request(.withdrawal, amount: 100, key: "payout-3")).payment
        for _ in 0..<3 { _ = try await hub.refresh(payment.id) }
        #expect(try await store.anomalies(limit: 10).filter { $0.paymentID == payment.id }.count == 1)
    }
}

@Suite struct MigrationTests {
    @Test func refundsInFlightBeforeTheUpgradeAreFollowedAfterIt() async throws {
        let database = try TestDatabase()
        do {
            let queue = try DatabaseQueue(path: database.path)
            try SQLiteMigrations.migrator.migrate(queue, upTo: "0005_transfers_by_payment_partial")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO payments (id, kind, wallet_id, amount, currency, counterparty, state, idempotency_key, request_hash,
                        provider, provider_reference, next_poll_at, created_at, updated_at, refund_reference, refund_idempotency_key, refund_state)
                    VALUES ('pay_0a1b2c3d4e5f60718293a4b5c6d7e8f9', 'top_up', 'w', 100, 'RWF', 'mobile_money:+250781234567', 'succeeded', 'k',
                        'h', 'cards', 'ref-1', 0, 1, 1, 'rfd-1', 'refund-1', 'pending')
                    """)
            }
        }
        let store = try database.open()
        let due = try await store.claimDueRefunds(now: Fixture.clock, lease: 30, limit: 10)
        #expect(due.map(\.reference) == ["rfd-1"])
    }
}
