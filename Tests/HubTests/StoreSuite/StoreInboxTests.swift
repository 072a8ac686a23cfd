import Foundation
import Testing
@testable import Hub

/// The inbox: a notification is applied once under its dedupe key, one that matches no payment is kept, one that
/// cannot apply yet is held and applied when the payment gets there.
@Suite struct StoreInboxTests {
    @Test(arguments: StoreKind.allCases) func theSameNotificationTwiceIsAppliedOnce(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 40))
        let entry = Fixture.notification("evt_1", reference: payment.providerReference)
        guard case .applied(let first) = try await store.receiveNotification(entry, action: .payment(Fixture.success), paymentID: payment.id,
                                                                             at: Fixture.clock) else {
            Issue.record("expected the first delivery to apply")
            return
        }
        #expect(first.payment.state == .succeeded)
        for _ in 0..<3 {
            guard case .duplicate = try await store.receiveNotification(entry, action: .payment(Fixture.success), paymentID: payment.id,
                                                                        at: Fixture.clock) else {
                Issue.record("expected a duplicate")
                return
            }
        }
        // The same key from another provider is another notification.
        let other = Fixture.notification("evt_1", reference: payment.providerReference, provider: "other")
        guard case .applied(let repeated) = try await store.receiveNotification(other, action: .payment(Fixture.success), paymentID: payment.id,
                                                                                at: Fixture.clock) else {
            Issue.record("expected another provider's key to be new")
            return
        }
        #expect(repeated.decision == .unchanged)
        #expect(try await store.wallet("w")?.posted == 40)
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded])
        let records = try await store.notifications(of: payment.id)
        #expect(records.map(\.status) == [.applied, .unchanged])
        #expect(records.map(\.entry) == [entry, other])
    }

    @Test(arguments: StoreKind.allCases) func anUnmatchedNotificationIsKeptNewestFirst(_ kind: StoreKind) async throws {
        let store = try kind.open()
        for key in ["evt_a", "evt_b", "evt_c"] {
            guard case .kept = try await store.receiveNotification(Fixture.notification(key, reference: "nobody"), action: .payment(Fixture.success),
                                                                   paymentID: nil, at: Fixture.clock) else {
                Issue.record("expected an unmatched notification to be kept")
                return
            }
        }
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 40))
        guard case .kept = try await store.receiveNotification(Fixture.notification("evt_d", reference: payment.providerReference,
                                                                                    event: "ignored:customer.created"),
                                                               action: nil, paymentID: payment.id, at: Fixture.clock) else {
            Issue.record("expected a notification asking nothing to be kept")
            return
        }
        #expect(try await store.unmatchedNotifications(limit: 2).map(\.dedupeKey) == ["evt_c", "evt_b"])
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.ignored])
        #expect(try await store.payment(payment.id)?.state == .created)
        #expect(try await store.outbox(.all, limit: 10).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func aReversalBeforeTheSuccessIsHeldThenApplied(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 800))
        _ = try await store.apply(Fixture.pending, to: payment.id, source: "test", at: Fixture.clock)
        let reversal = Fixture.notification("evt-refunded", reference: payment.providerReference, event: "reversed")
        _ = try await store.receiveNotification(reversal, action: .payment(.reversal), paymentID: payment.id, at: Fixture.clock)
        let held = try #require(try await store.payment(payment.id))
        #expect(held.state == .pending && held.needsReview)
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.held])
        #expect(try await store.notifications(of: payment.id).first?.detail != nil)
        let success = Fixture.notification("evt-succeeded", reference: payment.providerReference)
        _ = try await store.receiveNotification(success, action: .payment(Fixture.success), paymentID: payment.id, at: Fixture.clock)
        #expect(try await store.payment(payment.id)?.state == .reversed)
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.applied, .applied])
        #expect(try await store.wallet("w")?.posted == 0)
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.pending, .needsReview, .succeeded, .reversed])
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func aContradictionOrADisputeFlagsWithoutMovingMoney(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 500))
        _ = try await store.apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock)
        _ = try await store.receiveNotification(Fixture.notification("evt-failed", reference: payment.providerReference, event: "outcome:failed"),
                                                action: .payment(Fixture.decline), paymentID: payment.id, at: Fixture.clock)
        _ = try await store.receiveNotification(Fixture.notification("evt-dispute", reference: payment.providerReference, event: "review"),
                                                action: .review("dispute opened"), paymentID: payment.id, at: Fixture.clock)
        #expect(try await store.notifications(of: payment.id).map(\.status) == [.anomaly, .review])
        #expect(try await store.notifications(of: payment.id).last?.detail == "dispute opened")
        #expect(try await store.anomalies(limit: 10).count == 2)
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded, .needsReview], "the wallet is told once")
        #expect(try await store.wallet("w")?.posted == 500)
    }
}
