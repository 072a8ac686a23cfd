import Foundation
import Testing
@testable import Hub

/// Events tell the truth, in order: a payment's events are delivered oldest first, a dead one included, and each
/// carries the payment as it is after the transition it reports.
@Suite struct OutboxOrderTests {
    @Test func aDeadEventHoldsBackThePaymentsLaterEventsUntilRedelivered() async throws {
        let store = try TestDatabase().open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100))
        _ = try await store.apply(.providerResult(.pending(providerTransactionID: nil)), to: payment.id, source: "test", at: Fixture.clock)
        let pending = try #require(try await store.claimDueEvents(now: Fixture.clock, lease: 30, limit: 10).first)
        #expect(pending.type == .pending)
        try await store.recordDelivery(of: pending.sequence, delivered: false, error: "HTTP 500", retryAt: nil, at: Fixture.clock)
        _ = try await store.apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock)
        let later = Fixture.clock.addingTimeInterval(60)
        #expect(try await store.claimDueEvents(now: later, lease: 30, limit: 10).isEmpty,
                "payment.succeeded must wait behind the dead payment.pending")
        #expect(try await store.outbox(.undelivered, limit: 10).map(\.type) == [.succeeded])
        #expect(try await store.redeliver(eventID: pending.eventID, at: later))
        let redelivered = try await store.claimDueEvents(now: later, lease: 30, limit: 10)
        #expect(redelivered.map(\.type) == [.pending])
        try await store.recordDelivery(of: redelivered[0].sequence, delivered: true, error: nil, retryAt: nil, at: later)
        #expect(try await store.claimDueEvents(now: later, lease: 30, limit: 10).map(\.type) == [.succeeded])
    }

    @Test func theReversedEventCarriesTheRefundsFinalState() async throws {
        let store = try TestDatabase().open()
        let provider = RefundingScriptedProvider { .succeeded(providerTransactionID: "re_1") }
        let hub = HubService.testing([provider], store: store)
        let request = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 1000, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "top-up")
        let payment = try await hub.submit(request).payment
        _ = try await hub.refund(payment.id, idempotencyKey: "refund-1")
        let reversed = try #require(try await store.outbox(.all, limit: 20).last { $0.type == .reversed })
        let body = try #require(try JSONSerialization.jsonObject(with: reversed.payload) as? [String: Any])
        let data = try #require(body["data"] as? [String: Any])
        #expect(data["state"] as? String == "reversed")
        #expect(data["refund_state"] as? String == "succeeded")
    }
}
