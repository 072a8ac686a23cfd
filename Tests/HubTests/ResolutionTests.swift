import Foundation
import Testing
@testable import Hub

/// An operator settles a payment flagged for review: the outcome goes through the state machine and books what
/// it implies, and who did it and why is kept.
@Suite struct ResolutionTests {
    func flagged(_ kind: PaymentKind, answer: @escaping @Sendable (String) throws(ProviderError) -> ProviderResult) async throws
        -> (HubService, SQLiteStore, Payment) {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        let provider = ScriptedProvider(id: "a", answer: answer)
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: kind, walletID: WalletID("w"), amount: Money.positive(minorUnits: 300, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: UUID().uuidString)
        let payment = try await hub.submit(request).payment
        try await store.flagForReview(payment.id, source: "test", detail: "checked by hand", at: Fixture.clock)
        return (hub, store, payment)
    }

    @Test func aPendingPayoutResolvedAsFailedReleasesTheHold() async throws {
        let (hub, store, payment) = try await flagged(.withdrawal) { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        #expect(try await store.balances(wallet: WalletID("w")).first?.held == 300)
        let resolved = try await hub.resolve(payment.id, as: .failed, reason: "MoMo statement shows no transfer", operator: "ops-ana")
        #expect(resolved.state == .failed && !resolved.needsReview)
        #expect(resolved.failure?.reason == .resolvedByOperator)
        let wallet = try #require(try await store.balances(wallet: WalletID("w")).first)
        #expect(wallet.available == 1000 && wallet.held == 0)
        let record = try #require(try await store.resolutions(of: payment.id).first)
        #expect(record.resolvedAs == .failed && record.operator == "ops-ana" && record.stateBefore == .pending)
        #expect(record.reason == "MoMo statement shows no transfer")
        #expect(try await store.outbox(.all, limit: 20).last?.type == .failed)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aFailedTopUpTheProviderPaidIsResolvedAsSucceededAndCredited() async throws {
        let (hub, store, payment) = try await flagged(.topUp) { _ throws(ProviderError) in
            .failed(PaymentFailure(reason: .expired, providerCode: "EXPIRED", message: "expired"))
        }
        #expect(payment.state == .failed)
        let resolved = try await hub.resolve(payment.id, as: .succeeded, reason: "provider confirmed success", operator: "ops-ana")
        #expect(resolved.state == .succeeded && !resolved.needsReview)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 1300)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aFailedPayoutTheProviderPaidIsResolvedAsSucceededAndDebited() async throws {
        let (hub, store, payment) = try await flagged(.withdrawal) { _ throws(ProviderError) in
            .failed(PaymentFailure(reason: .providerError, providerCode: "RESOURCE_NOT_FOUND", message: "unknown"))
        }
        #expect(payment.state == .failed)
        let resolved = try await hub.resolve(payment.id, as: .succeeded, reason: "the transfer is on the statement", operator: "ops-ana")
        #expect(resolved.state == .succeeded)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 700)
        let clearing = try #require(try await store.balance(account: "provider:a:clearing", currency: .RWF))
        #expect(clearing.creditsPosted == 300)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func resolvingAsTheCurrentOutcomeOnlyClearsTheFlag() async throws {
        let (hub, store, payment) = try await flagged(.topUp) { _ throws(ProviderError) in .succeeded(providerTransactionID: "x") }
        let resolved = try await hub.resolve(payment.id, as: .succeeded, reason: "dispute withdrawn", operator: "ops-ana")
        #expect(resolved.state == .succeeded && !resolved.needsReview)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 1300)
        #expect(try await store.resolutions(of: payment.id).count == 1)
    }

    @Test func aReasonIsRequiredAndAnUnflaggedPaymentIsRefused() async throws {
        let (hub, store, payment) = try await flagged(.topUp) { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        do {
            _ = try await hub.resolve(payment.id, as: .failed, reason: "  ", operator: "ops-ana")
            Issue.record("a resolution needs a reason")
        } catch { #expect(error.kind == .invalidRequest && error.field == "reason") }
        _ = try await hub.resolve(payment.id, as: .failed, reason: "expired at the provider", operator: "ops-ana")
        do {
            _ = try await hub.resolve(payment.id, as: .succeeded, reason: "changed my mind", operator: "ops-ana")
            Issue.record("a payment not flagged for review is not resolved by hand")
        } catch { #expect(error.kind == .invalidState) }
        #expect(try await store.resolutions(of: payment.id).count == 1)
    }
}

@Suite struct RefundResolutionTests {
    func flaggedRefund() async throws -> (HubService, SQLiteStore, PaymentID) {
        let store = try TestDatabase().open()
        var provider = RefundingScriptedProvider { .pending(providerTransactionID: nil) }
        provider.idempotent = false
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        _ = try await store.beginRefund(of: payment.id, idempotencyKey: "refund-1", reference: "rfd-1", at: Fixture.clock,
                                        leaseUntil: Fixture.clock)
        try await store.flagForReview(payment.id, source: "test", detail: "refund may have reached the provider", at: Fixture.clock)
        return (hub, store, payment.id)
    }

    @Test func aPaymentWithARefundInFlightIsNotResolvedAsAPayment() async throws {
        let (hub, _, id) = try await flaggedRefund()
        do {
            _ = try await hub.resolve(id, as: .succeeded, reason: "looks fine", operator: "ops-ana")
            Issue.record("the refund in flight must be settled first")
        } catch { #expect(error.kind == .invalidState) }
    }

    @Test func aRefundResolvedAsFailedReleasesItsHold() async throws {
        let (hub, store, id) = try await flaggedRefund()
        let payment = try await hub.resolveRefund(id, as: .failed, reason: "no refund on the provider's statement", operator: "ops-ana")
        #expect(payment.state == .succeeded && payment.refundState == "failed" && !payment.needsReview)
        let wallet = try #require(try await store.balances(wallet: WalletID("w")).first)
        #expect(wallet.available == 1000 && wallet.held == 0)
        #expect(try await store.resolutions(of: id).first?.subject == .refund)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aRefundResolvedAsSucceededReversesThePayment() async throws {
        let (hub, store, id) = try await flaggedRefund()
        let payment = try await hub.resolveRefund(id, as: .succeeded, reason: "refund on the statement", operator: "ops-ana")
        #expect(payment.state == .reversed && payment.refundState == "succeeded" && !payment.needsReview)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aFlaggedReversedPaymentCanBeClearedAsItStands() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .succeeded(providerTransactionID: "x") }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "t")
        let payment = try await hub.submit(request).payment
        _ = try await store.apply(.reversal, to: payment.id, source: "test", at: Fixture.clock)
        try await store.flagForReview(payment.id, source: "test", detail: "dispute", at: Fixture.clock)
        let resolved = try await hub.resolve(payment.id, as: .succeeded, reason: "dispute closed, refund stands", operator: "ops-ana")
        #expect(resolved.state == .reversed && !resolved.needsReview)
    }
}
