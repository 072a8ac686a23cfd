import Foundation
import Testing
@testable import Hub

/// The hub's service on every store, as an adapter's tests drive it: a failover, a notification, a refund.
@Suite struct StoreServiceTests {
    @Test(arguments: StoreKind.allCases) func aPayoutFailsOverAndANotificationSettlesIt(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 2000)
        let down = ScriptedProvider(id: "a") { _ throws(ProviderError) in throw ProviderError(.notSent, provider: "a", reason: "refused") }
        let up = ScriptedProvider(id: "b") { _ throws(ProviderError) in .pending(providerTransactionID: "b-1") }
        let hub = HubService.testing([down, up], store: store)
        let request = try PaymentRequest(kind: .withdrawal, walletID: WalletID("w"), amount: Money.positive(minorUnits: 700, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "payout-1")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .pending && payment.provider == "b")
        #expect(try await store.attempts(of: payment.id).map(\.status) == [.notSent, .pending])
        let success = ProviderNotification(dedupeKey: "evt-1", reference: payment.providerReference, result: .succeeded(providerTransactionID: "b-1"))
        _ = try await hub.receive(success, from: "b", signed: true, body: Data("{}".utf8))
        #expect(try await hub.receive(success, from: "b", signed: true, body: Data("{}".utf8)).isDuplicate)
        #expect(try await hub.payment(payment.id).state == .succeeded)
        let wallet = try #require(try await store.wallet("w"))
        #expect(wallet.posted == 1300 && wallet.held == 0)
        #expect(try await store.balance(account: "provider:b:clearing", currency: .RWF)?.creditsPosted == 700)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func aRefundThroughTheServiceReversesTheTopUpOnce(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let provider = RefundingScriptedProvider { .succeeded(providerTransactionID: "re_1") }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .succeeded)
        #expect(try await hub.refund(payment.id, idempotencyKey: "refund-1").payment.state == .reversed)
        #expect(try await hub.refund(payment.id, idempotencyKey: "refund-1").replayed)
        #expect(provider.calls.all.count == 1)
        #expect(try await store.wallet("w")?.posted == 0)
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded, .reversed])
        #expect(try await store.verifyLedger().isValid)
    }
}
