import Foundation
import Testing
@testable import Hub

@Suite struct HubServiceTests {
    func request(_ kind: PaymentKind, wallet: String = "w", amount: Int64, key: String = UUID().uuidString,
                 provider: ProviderID? = nil) throws -> PaymentRequest {
        try PaymentRequest(kind: kind, walletID: WalletID(wallet), amount: Money.positive(minorUnits: amount, currency: .RWF),
                           counterparty: .mobileMoney(Fixture.msisdn), provider: provider, idempotencyKey: key)
    }

    @Test func acceptedTopUpIsPendingThenSucceedsOnStatus() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { operation throws(ProviderError) in
            operation == "status" ? .succeeded(providerTransactionID: "txn-1") : .pending(providerTransactionID: nil)
        }
        let hub = HubService.testing([provider], store: store)
        let submitted = try await hub.submit(try request(.topUp, amount: 500))
        #expect(submitted.payment.state == .pending)
        #expect(try await store.balances(wallet: WalletID("w")).isEmpty)
        let refreshed = try await hub.refresh(submitted.payment.id)
        #expect(refreshed.state == .succeeded)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 500)
        #expect(try await store.attempts(of: refreshed.id).first?.providerTransactionID == "txn-1")
    }

    @Test func failsOverOnlyWhenNotSent() async throws {
        let store = try TestDatabase().open()
        let down = ScriptedProvider(id: "down") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "down", reason: "refused") }
        let up = ScriptedProvider(id: "up") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([down, up], store: store)
        let payment = try await hub.submit(try request(.topUp, amount: 100)).payment
        #expect(payment.provider == "up")
        #expect(payment.state == .pending)
        let attempts = try await store.attempts(of: payment.id)
        #expect(attempts.map(\.status) == [.notSent, .pending])
        #expect(attempts[0].reference != attempts[1].reference)
        #expect(down.calls.all.count == 1)
        #expect(up.calls.all.count == 1)
    }

    @Test func neverFailsOverOrFailsOnAnAmbiguousError() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000, currency: .RWF)
        let flaky = ScriptedProvider(id: "flaky") { _ throws(ProviderError) in throw ProviderError(.ambiguous, provider: "flaky", reason: "timeout") }
        let other = ScriptedProvider(id: "other") { _ throws(ProviderError) in .succeeded(providerTransactionID: nil) }
        let hub = HubService.testing([flaky, other], store: store)
        let payment = try await hub.submit(try request(.withdrawal, amount: 300)).payment
        #expect(payment.state == .pending)
        #expect(payment.provider == "flaky")
        #expect(other.calls.all.isEmpty)
        // The status query cannot answer either: still pending, funds still held.
        #expect(try await hub.refresh(payment.id).state == .pending)
        #expect(try await store.balances(wallet: WalletID("w")).first?.held == 300)
    }

    @Test func nothingSentAnywhereFailsAndReleasesTheHold() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let down = ScriptedProvider(id: "down") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "down", reason: "refused") }
        let hub = HubService.testing([down], store: store)
        let payment = try await hub.submit(try request(.withdrawal, amount: 300)).payment
        #expect(payment.state == .failed)
        #expect(payment.failure?.reason == .providerUnavailable)
        #expect(try await store.balances(wallet: WalletID("w")).first?.available == 1000)
    }

    @Test func idempotentSubmission() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        let first = try await hub.submit(try request(.topUp, amount: 100, key: "same"))
        let second = try await hub.submit(try request(.topUp, amount: 100, key: "same"))
        #expect(!first.replayed)
        #expect(second.replayed)
        #expect(second.payment.id == first.payment.id)
        #expect(provider.calls.all.count == 1)
        let reused = try request(.topUp, amount: 101, key: "same")
        do {
            _ = try await hub.submit(reused)
            Issue.record("a different request under the same key must be refused")
        } catch {
            #expect(error.kind == .idempotencyConflict)
        }
    }

    @Test func noRouteWritesNothing() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        let usd = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 100, currency: .USD),
                                     counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "k")
        do {
            _ = try await hub.submit(usd)
            Issue.record("expected no route")
        } catch {
            #expect(error.kind == .noRoute)
            #expect(error.message.contains("does not support USD"))
        }
        let named = try request(.topUp, amount: 100, provider: "missing")
        do {
            _ = try await hub.submit(named)
            Issue.record("expected no route")
        } catch {
            #expect(error.kind == .noRoute)
        }
        #expect(try await store.payments(wallet: WalletID("w"), limit: 10, cursor: nil).items.isEmpty)
    }

    @Test(arguments: ["", String(repeating: "k", count: 256)])
    func refusesBadIdempotencyKeys(key: String) throws {
        #expect(throws: ValidationError.self) { try request(.topUp, amount: 1, key: key) }
    }

    @Test(arguments: ["250781234567", "+0781234567", "+2507812345678901", "+25078123456a", "+"])
    func refusesMalformedNumbers(text: String) {
        #expect(throws: ValidationError.self) { try MSISDN(text) }
    }

    @Test func redactsNumbers() throws {
        let msisdn = try MSISDN("+250781234567")
        #expect("\(msisdn)" == "+•••••••••567")
        #expect(!Counterparty.mobileMoney(msisdn).description.contains("78123"))
    }

    @Test func aPaymentLeftCreatedIsResentUnderItsOwnReference() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "test") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        // The process stopped after writing the attempt, before or while sending it.
        let orphan = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        let resumed = try await hub.refresh(orphan.id)
        #expect(resumed.state == .pending)
        #expect(provider.calls.all == ["collect \(orphan.providerReference)"])
        #expect(try await store.attempts(of: orphan.id).count == 1)
    }

    @Test func aResumeThatCannotReachTheProviderChangesNothing() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", 500)
        let down = ScriptedProvider(id: "test") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "test", reason: "refused") }
        let hub = HubService.testing([down], store: store)
        let orphan = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 200))
        #expect(try await hub.refresh(orphan.id).state == .created)
        #expect(try await store.balances(wallet: WalletID("w")).first?.held == 200)
    }
}
