import Foundation
import Testing
@testable import Hub

/// The console's reads, the same on every store: payments by any of their fields, newest first under a cursor, and
/// one payment's whole record.
@Suite struct StoreTimelineTests {
    @Test(arguments: StoreKind.allCases) func paymentsAreFoundByEachFieldAndPaged(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var created: [Payment] = []
        for index in 0..<7 {
            var draft = try Fixture.draft(index % 2 == 0 ? .topUp : .withdrawal, wallet: index < 4 ? "w1" : "w2", amount: 10 + Int64(index),
                                          provider: index % 3 == 0 ? "a" : "b")
            draft.createdAt = Fixture.clock.addingTimeInterval(Double(index) * 3600)
            if draft.kind == .withdrawal { try await store.fund(draft.walletID.rawValue, 1000) }
            created.append(try await store.create(draft))
        }
        _ = try await store.apply(Fixture.success, to: created[0].id, source: "test", at: Fixture.clock)
        _ = try await store.apply(Fixture.decline, to: created[2].id, source: "test", at: Fixture.clock)
        try await store.flagForReview(created[4].id, source: "test", detail: "look", at: Fixture.clock)
        let mine = Set(created.map(\.id))

        func ids(_ query: PaymentQuery) async throws -> [PaymentID] {
            try await store.payments(matching: query, limit: 100, cursor: nil).items.map(\.id).filter(mine.contains)
        }
        #expect(try await ids(PaymentQuery()) == created.reversed().map(\.id))
        #expect(try await ids(PaymentQuery(state: .succeeded)) == [created[0].id])
        #expect(try await ids(PaymentQuery(state: .failed)) == [created[2].id])
        #expect(try await ids(PaymentQuery(kind: .withdrawal)) == [created[5].id, created[3].id, created[1].id])
        #expect(try await ids(PaymentQuery(provider: "a")) == [created[6].id, created[3].id, created[0].id])
        #expect(try await ids(PaymentQuery(wallet: WalletID("w2"))) == [created[6].id, created[5].id, created[4].id])
        #expect(try await ids(PaymentQuery(needsReview: true)) == [created[4].id])
        #expect(try await ids(PaymentQuery(createdFrom: Fixture.clock.addingTimeInterval(2 * 3600),
                                           createdBefore: Fixture.clock.addingTimeInterval(4 * 3600))) == [created[3].id, created[2].id])
        #expect(try await ids(PaymentQuery(state: .created, kind: .topUp, wallet: WalletID("w2"))) == [created[6].id, created[4].id])

        var seen: [PaymentID] = []
        var cursor: String?
        repeat {
            let page = try await store.payments(matching: PaymentQuery(provider: "b"), limit: 2, cursor: cursor)
            #expect(page.items.count <= 2)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.filter(mine.contains) == [created[5].id, created[4].id, created[2].id, created[1].id])
        #expect(await storeErrorKind { try await store.payments(matching: PaymentQuery(), limit: 2, cursor: "not a cursor") } == .invalidCursor)
    }

    @Test(arguments: StoreKind.allCases) func aTimelineHoldsEverythingRecordedAboutAPayment(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 500)
        let payout = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 200))
        let other = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 100))
        let entry = Fixture.notification("evt_t", reference: payout.providerReference)
        _ = try await store.receiveNotification(entry, action: .payment(Fixture.decline), paymentID: payout.id, at: Fixture.clock)
        try await store.flagForReview(payout.id, source: "test", detail: "contradiction", at: Fixture.clock)
        _ = try await store.resolve(payout.id, as: .failed, reason: "statement", operator: "ops", at: Fixture.clock)

        let timeline = try #require(try await store.timeline(of: payout.id))
        #expect(timeline.payment.id == payout.id && timeline.payment.state == .failed)
        #expect(timeline.attempts.map(\.reference) == [payout.providerReference])
        #expect(timeline.notifications.map(\.entry.dedupeKey) == ["evt_t"])
        #expect(timeline.transfers.map(\.kind) == [.hold, .void])
        #expect(timeline.transfers.first?.debitAccount == "wallet:w")
        #expect(timeline.transfers.last?.pendingID == timeline.transfers.first?.id)
        #expect(timeline.transfers.allSatisfy { $0.amount.minorUnits == 200 })
        #expect(timeline.events.map(\.type).contains(.failed))
        #expect(timeline.events.allSatisfy { $0.paymentID == payout.id })
        #expect(timeline.anomalies.map(\.detail).contains("contradiction"))
        #expect(timeline.resolutions.map(\.reason) == ["statement"])
        #expect(try await store.timeline(of: other.id)?.transfers.map(\.kind) == [.hold])
        #expect(try await store.timeline(of: PaymentID.generate()) == nil)
    }
}
