import Foundation
import Logging
import Testing
@testable import Hub

/// A card-like provider that collects at once and answers refunds from a script.
struct RefundingScriptedProvider: RefundingProvider {
    let id: ProviderID = "cards"
    var capabilities = ProviderCapabilities(operations: [.collect, .refund], methods: [.mobileMoney], countries: ["RW"], currencies: [.RWF])
    let refundAnswer: @Sendable () throws(ProviderError) -> ProviderResult
    var idempotent = true
    var refundsAreIdempotent: Bool { idempotent }
    var refundStatusAnswer: @Sendable () throws(ProviderError) -> ProviderResult = { () throws(ProviderError) in
        throw ProviderError(.ambiguous, provider: "cards", reason: "no status scripted")
    }
    let calls = CallLog()

    func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        .succeeded(providerTransactionID: "pi_\(request.reference.prefix(8))")
    }
    func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        .succeeded(providerTransactionID: attempt.providerTransactionID)
    }
    func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("refund \(request.originalProviderTransactionID ?? "-") \(request.amount.minorUnits)")
        return try refundAnswer()
    }
    func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        calls.record("refund-status \(refund.reference) \(refund.providerRefundID ?? "-")")
        return try refundStatusAnswer()
    }
    var notifications: (any NotificationHandler)? { nil }
}

@Suite struct RefundTests {
    func setUp(_ answer: @escaping @Sendable () throws(ProviderError) -> ProviderResult) async throws -> (HubService, SQLiteStore, PaymentID, RefundingScriptedProvider) {
        let store = try TestDatabase().open()
        let provider = RefundingScriptedProvider(refundAnswer: answer)
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .succeeded)
        return (hub, store, payment.id, provider)
    }

    @Test func anImmediateRefundReversesTheTopUpOnce() async throws {
        let (hub, store, id, provider) = try await setUp { .succeeded(providerTransactionID: "re_1") }
        let refunded = try await hub.refund(id, idempotencyKey: "refund-1")
        #expect(refunded.payment.state == .reversed)
        #expect(refunded.payment.refundState == "succeeded")
        let again = try await hub.refund(id, idempotencyKey: "refund-1")
        #expect(again.replayed)
        #expect(provider.calls.all.count == 1)
        #expect(provider.calls.all.first?.hasPrefix("refund pi_") == true)
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 0)
        #expect(try await store.verifyLedger().isValid)
        do {
            _ = try await hub.refund(id, idempotencyKey: "refund-2")
            Issue.record("a second refund must be refused")
        } catch { #expect(error.kind == .invalidState) }
    }

    @Test func aRefundNeedsTheBalanceAndHoldsIt() async throws {
        let (hub, store, id, _) = try await setUp { .pending(providerTransactionID: "re_2") }
        let pending = try await hub.refund(id, idempotencyKey: "refund-1")
        #expect(pending.payment.state == .succeeded)
        #expect(pending.payment.refundState == "pending")
        let held = try #require(try await store.balances(wallet: WalletID("w")).first)
        #expect(held.available == 0 && held.held == 1000)
        // The provider's notification completes it: the hold is posted.
        #expect(try await hub.apply(.reversal, to: id, source: "cards:notification").state == .reversed)
        let after = try #require(try await store.balances(wallet: WalletID("w")).first)
        #expect(after.posted == 0 && after.held == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aDeclinedOrUnsentRefundReleasesTheHold() async throws {
        for answer in ["declined", "unreachable"] {
            let (hub, store, id, _) = try await setUp { () throws(ProviderError) in
                if answer == "declined" { return .failed(PaymentFailure(reason: .declined, providerCode: "x", message: "refused")) }
                throw ProviderError(.notSent, provider: "cards", reason: "refused")
            }
            do {
                _ = try await hub.refund(id, idempotencyKey: "refund-\(answer)")
                Issue.record("expected \(answer) to be reported")
            } catch {
                #expect(error.kind == (answer == "declined" ? .invalidState : .unavailable))
            }
            let balance = try #require(try await store.balances(wallet: WalletID("w")).first)
            #expect(balance.available == 1000 && balance.held == 0, "\(answer)")
            #expect(try await hub.payment(id).state == .succeeded)
            #expect(try await store.verifyLedger().isValid)
        }
    }

    @Test func aSpentTopUpCannotBeRefundedThroughTheAPI() async throws {
        let (hub, store, id, provider) = try await setUp { .succeeded(providerTransactionID: "re_3") }
        _ = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 600, provider: "cards"))
        do {
            _ = try await hub.refund(id, idempotencyKey: "refund-1")
            Issue.record("expected insufficient funds")
        } catch { #expect(error.kind == .insufficientFunds) }
        #expect(provider.calls.all.isEmpty)
    }
}
