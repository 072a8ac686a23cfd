import Foundation
import Testing
@testable import Hub

/// A verified notification is recorded with what it really did, and one that could not apply yet is kept
/// visible and applied once the payment gets there.
@Suite struct NotificationInboxTests {
    func pendingTopUp() async throws -> (HubService, SQLiteStore, Payment) {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: "a-1") }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 800, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up-1")
        let payment = try await hub.submit(request).payment
        #expect(payment.state == .pending)
        return (hub, store, payment)
    }

    @Test func aReversalBeforeTheSuccessIsHeldThenAppliedWhenThePaymentSucceeds() async throws {
        let (hub, store, payment) = try await pendingTopUp()
        let reversal = ProviderNotification(dedupeKey: "evt-refunded", reference: payment.providerReference, event: .reversed)
        _ = try await hub.receive(reversal, from: "a", signed: true, body: Data("{}".utf8))
        let held = try #require(try await store.payment(payment.id))
        #expect(held.state == .pending)
        #expect(held.needsReview)
        #expect(try await store.anomalies(limit: 10).contains { $0.paymentID == payment.id })
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.held])
        // The provider retries the same event: still one row, still held.
        #expect(try await hub.receive(reversal, from: "a", signed: true, body: Data("{}".utf8)).isDuplicate)
        let success = ProviderNotification(dedupeKey: "evt-succeeded", reference: payment.providerReference,
                                           result: .succeeded(providerTransactionID: "a-1"))
        _ = try await hub.receive(success, from: "a", signed: true, body: Data("{}".utf8))
        let after = try #require(try await store.payment(payment.id))
        #expect(after.state == .reversed)
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.applied, .applied])
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func aNotificationThatChangesNothingSaysSo() async throws {
        let (hub, store, payment) = try await pendingTopUp()
        let stillPending = ProviderNotification(dedupeKey: "evt-processing", reference: payment.providerReference,
                                                result: .pending(providerTransactionID: "a-1"))
        _ = try await hub.receive(stillPending, from: "a", signed: true, body: Data("{}".utf8))
        let ignored = ProviderNotification(dedupeKey: "evt-other", reference: payment.providerReference, event: .ignored("customer.created"))
        _ = try await hub.receive(ignored, from: "a", signed: true, body: Data("{}".utf8))
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.unchanged, .ignored])
    }

    @Test func aDisputeOrAPartialRefundFlagsThePaymentForReview() async throws {
        let (hub, store, payment) = try await pendingTopUp()
        _ = try await hub.apply(.providerResult(.succeeded(providerTransactionID: "a-1")), to: payment.id, source: "test")
        let dispute = ProviderNotification(dedupeKey: "evt-dispute", reference: "a-1", event: .review("charge.dispute.created: fraudulent"))
        _ = try await hub.receive(dispute, from: "a", signed: true, body: Data("{}".utf8))
        let after = try #require(try await store.payment(payment.id))
        #expect(after.state == .succeeded)
        #expect(after.needsReview)
        #expect(try await store.anomalies(limit: 10).contains { $0.detail.contains("dispute") })
        #expect(try await store.notifications(of: payment.id).last?.status == .review)
        #expect(try await store.outbox(.all, limit: 20).contains { $0.type == .needsReview })
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == 800, "no money moves until an operator decides")
    }
}
