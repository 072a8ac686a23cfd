import Foundation
import Testing
@testable import Hub

/// Creating and reading payments, the idempotency key, and a wallet's pages, the same on every store.
@Suite struct StorePaymentTests {
    @Test(arguments: StoreKind.allCases) func aPaymentReadsBackAsCreated(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var draft = try Fixture.draft(.topUp, wallet: "w", amount: 1500, provider: "a")
        draft.metadata = ["order": "42"]
        // Times are kept to the millisecond: the fraction below one is cut by rounding, in every store.
        draft.createdAt = Fixture.clock.addingTimeInterval(0.0004)
        let created = try await store.create(draft)
        #expect(created.state == .created)
        let read = try #require(try await store.payment(draft.id))
        #expect(read.kind == .topUp && read.walletID == draft.walletID && read.amount == draft.amount)
        #expect(read.counterparty == draft.counterparty && read.idempotencyKey == draft.idempotencyKey)
        #expect(read.provider == "a" && read.providerReference == draft.reference && read.metadata == ["order": "42"])
        #expect(read.state == .created && !read.needsReview && read.refundState == nil && read.failure == nil)
        #expect(read.createdAt == Fixture.clock && read.updatedAt == Fixture.clock)

        let attempts = try await store.attempts(of: draft.id)
        #expect(attempts.map(\.number) == [1])
        #expect(attempts.first?.status == .sending && attempts.first?.reference == draft.reference && attempts.first?.provider == "a")
        #expect(try await store.payment(provider: "a", reference: draft.reference)?.id == draft.id)
        #expect(try await store.payment(provider: "b", reference: draft.reference) == nil)
        #expect(try await store.payment(provider: "a", reference: "unknown") == nil)
        #expect(try await store.payment(PaymentID.generate()) == nil)
        #expect(try await store.attempts(at: "a", since: Fixture.clock).map(\.attempt.reference) == [draft.reference])
        #expect(try await store.attempts(at: "a", since: Fixture.clock.addingTimeInterval(1)).isEmpty)
    }

    @Test(arguments: StoreKind.allCases) func theSameKeyReplaysAndOtherParametersConflict(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let first = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10, key: "key-1"))
        var again = try Fixture.draft(.topUp, wallet: "w", amount: 10, key: "key-1")
        guard case .existing(let replayed) = try await store.createPayment(again) else {
            Issue.record("expected the original payment")
            return
        }
        #expect(replayed.id == first.id && replayed.providerReference == first.providerReference)
        #expect(try await store.payment(idempotencyKey: "key-1", requestHash: again.requestHash)?.id == first.id)
        #expect(try await store.payment(idempotencyKey: "key-2", requestHash: again.requestHash) == nil)
        again.requestHash = "different"
        #expect(await storeErrorKind { try await store.createPayment(again) } == .idempotencyConflict)
        #expect(await storeErrorKind { try await store.payment(idempotencyKey: "key-1", requestHash: "different") } == .idempotencyConflict)
        #expect(try await store.payments(wallet: WalletID("w"), limit: 10, cursor: nil).items.map(\.id) == [first.id])
        #expect(try await store.payment(again.id) == nil)
    }

    @Test(arguments: StoreKind.allCases) func concurrentRepeatsOfOneKeyCreateOnePayment(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let ids = try await withThrowingTaskGroup(of: PaymentID.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    switch try await store.createPayment(try Fixture.draft(.topUp, wallet: "w", amount: 10, key: "same")) {
                    case .created(let payment), .existing(let payment): payment.id
                    }
                }
            }
            return try await group.reduce(into: Set<PaymentID>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        #expect(try await store.payments(wallet: WalletID("w"), limit: 50, cursor: nil).items.count == 1)
    }

    @Test(arguments: StoreKind.allCases) func pagesWalkAWalletNewestFirstEachPaymentOnce(_ kind: StoreKind) async throws {
        let store = try kind.open()
        var created: [Payment] = []
        // Several payments share a creation time: the id breaks the tie.
        for offset in [0, 5, 5, 5, 9, 2, 5, 0] {
            var draft = try Fixture.draft(.topUp, wallet: "p", amount: 5)
            draft.createdAt = Fixture.clock.addingTimeInterval(TimeInterval(offset))
            created.append(try await store.create(draft))
        }
        _ = try await store.create(try Fixture.draft(.topUp, wallet: "other", amount: 5))
        let expected = created.sorted { ($0.createdAt, $0.id.rawValue) > ($1.createdAt, $1.id.rawValue) }.map(\.id)
        #expect(try await store.payments(wallet: WalletID("p"), limit: 100, cursor: nil).items.map(\.id) == expected)
        var seen: [PaymentID] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try await store.payments(wallet: WalletID("p"), limit: 3, cursor: cursor)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil
        #expect(seen == expected)
        #expect(pages == 3)
        let exact = try await store.payments(wallet: WalletID("p"), limit: 8, cursor: nil)
        #expect(exact.items.count == 8 && exact.nextCursor == nil, "a full last page has no next page")
        #expect(try await store.payments(wallet: WalletID("nobody"), limit: 3, cursor: nil).items.isEmpty)
        #expect(await storeErrorKind { try await store.payments(wallet: WalletID("p"), limit: 3, cursor: "garbage!") } == .invalidCursor)
    }

    @Test(arguments: StoreKind.allCases) func aReferenceIsUniqueAtItsProvider(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let first = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 10, provider: "a"))
        var clash = try Fixture.draft(.topUp, wallet: "w", amount: 20, provider: "a")
        clash.reference = first.providerReference
        #expect(await storeErrorKind { try await store.createPayment(clash) } == .database)
        #expect(try await store.payment(clash.id) == nil, "the payment written before the clash is undone")
        var elsewhere = try Fixture.draft(.topUp, wallet: "w", amount: 20, provider: "b")
        elsewhere.reference = first.providerReference
        #expect(try await store.create(elsewhere).id == elsewhere.id, "the same reference at another provider is another attempt")
        #expect(try await store.markAttemptNotSent(elsewhere.id, reference: elsewhere.reference, at: Fixture.clock))
        #expect(await storeErrorKind {
            try await store.addAttempt(to: elsewhere.id, after: elsewhere.reference, provider: "a", reference: first.providerReference,
                                       at: Fixture.clock, leaseUntil: Fixture.clock)
        } == .database)
        #expect(try await store.payment(elsewhere.id)?.provider == "b")
        #expect(try await store.attempts(of: elsewhere.id).count == 1)
        #expect(try await store.payment(provider: "a", reference: first.providerReference)?.id == first.id)
    }
}
