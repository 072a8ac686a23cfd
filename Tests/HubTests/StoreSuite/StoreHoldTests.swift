import Foundation
import Testing
@testable import Hub

/// A withdrawal holds its amount at once; success posts the hold, failure voids it; a refused write leaves nothing.
@Suite struct StoreHoldTests {
    @Test(arguments: StoreKind.allCases) func aHoldIsPostedOnSuccessAndVoidedOnFailure(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 5000)
        let paid = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 1200))
        var wallet = try #require(try await store.wallet("w"))
        #expect((wallet.posted, wallet.held, wallet.available) == (5000, 1200, 3800))
        #expect(try await store.apply(Fixture.success, to: paid.id, source: "test", at: Fixture.clock).payment.state == .succeeded)
        wallet = try #require(try await store.wallet("w"))
        #expect((wallet.posted, wallet.held, wallet.available) == (3800, 0, 3800))

        let declined = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 800))
        let failed = try await store.apply(Fixture.decline, to: declined.id, source: "test", at: Fixture.clock).payment
        #expect(failed.state == .failed && failed.failure?.reason == .declined)
        wallet = try #require(try await store.wallet("w"))
        #expect((wallet.posted, wallet.held, wallet.available) == (3800, 0, 3800))

        let lines = try await store.entries(wallet: WalletID("w"), limit: 100, cursor: nil).items
        #expect(lines.map(\.kind) == [.posted, .hold, .post, .hold, .void])
        #expect(lines.map(\.direction) == [.credit, .debit, .debit, .debit, .debit])
        #expect(lines.map(\.amount.minorUnits) == [5000, 1200, 1200, 800, 800])
        #expect(lines.allSatisfy { $0.counterAccount == "provider:test:clearing" })
        #expect(lines.map(\.paymentID).dropFirst() == [paid.id, paid.id, declined.id, declined.id])
        // Paged two at a time, the same lines in the same order.
        var paged: [LedgerLine] = []
        var cursor: String?
        repeat {
            let page = try await store.entries(wallet: WalletID("w"), limit: 2, cursor: cursor)
            paged += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(paged == lines)
        #expect(try await store.balance(account: "provider:test:clearing", currency: .RWF)?.posted == -3800)
        let report = try await store.verifyLedger()
        #expect(report.violations == [] && report.transfersChecked == 5 && report.accountsChecked == 2)
    }

    @Test(arguments: StoreKind.allCases) func aWithdrawalBeyondTheBalanceLeavesNoTrace(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("poor", 50)
        let draft = try Fixture.draft(.withdrawal, wallet: "poor", amount: 51, key: "withdraw-1")
        #expect(await storeErrorKind { try await store.createPayment(draft) } == .insufficientFunds)
        #expect(try await store.payment(draft.id) == nil)
        #expect(try await store.attempts(of: draft.id).isEmpty)
        #expect(try await store.payment(provider: draft.provider, reference: draft.reference) == nil)
        #expect(try await store.entries(wallet: WalletID("poor"), limit: 10, cursor: nil).items.count == 1)
        #expect(await storeErrorKind { try await store.createPayment(try Fixture.draft(.withdrawal, wallet: "nobody", amount: 1)) } == .unknownWallet)
        // The refused request's key and reference were not kept: once funded, the same request goes through.
        try await store.fund("poor", 1)
        #expect(try await store.create(draft).id == draft.id)
        #expect(try await store.wallet("poor")?.available == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func concurrentWithdrawalsCannotOverdraw(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("rich", 50 * 1000)
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<120 {
                group.addTask {
                    do {
                        _ = try await store.create(try Fixture.draft(.withdrawal, wallet: "rich", amount: 1000))
                        return true
                    } catch let error as StoreError where error.kind == .insufficientFunds {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 50)
        let balance = try #require(try await store.wallet("rich"))
        #expect(balance.held == 50_000 && balance.available == 0)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: StoreKind.allCases) func aRefusedBatchOfPostingsWritesNone(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let rwf = { (amount: Int64) in try Money.positive(minorUnits: amount, currency: .RWF) }
        try await store.post([LedgerPosting(debitAccount: "suspense", creditAccount: "wallet:a", amount: try rwf(Int64.max - 10))])
        // The second posting would take wallet:a past Int64.max: the first, already written in the transaction, is undone.
        #expect(await storeErrorKind {
            try await store.post([LedgerPosting(debitAccount: "suspense", creditAccount: "wallet:b", amount: try rwf(7)),
                                  LedgerPosting(debitAccount: "fees:x", creditAccount: "wallet:a", amount: try rwf(11))])
        } == .conflict)
        #expect(try await store.wallet("b") == nil)
        #expect(try await store.balance(account: "fees:x", currency: .RWF) == nil)
        #expect(try await store.wallet("a")?.posted == Int64.max - 10)
        #expect(try await store.entries(wallet: WalletID("a"), limit: 10, cursor: nil).items.count == 1)
        #expect(await storeErrorKind {
            try await store.post([LedgerPosting(debitAccount: "wallet:a", creditAccount: "wallet:a", amount: try rwf(1))])
        } == .conflict)
        let ids = try await store.post([LedgerPosting(debitAccount: "wallet:a", creditAccount: "wallet:b", amount: try rwf(3)),
                                        LedgerPosting(debitAccount: "wallet:b", creditAccount: "wallet:c", amount: try rwf(1))])
        #expect(ids.count == 2 && ids[0] < ids[1])
        #expect(try await store.wallet("b")?.posted == 2)
        #expect(try await store.wallet("c")?.posted == 1)
        #expect(try await store.verifyLedger().violations == [])
    }

    @Test(arguments: StoreKind.allCases) func aTransactionThatThrowsKeepsNoneOfItsWrites(_ kind: StoreKind) async throws {
        let store = try kind.open()
        try await store.fund("w", 900)
        let draft = try Fixture.draft(.withdrawal, wallet: "w", amount: 400, key: "rolled-back")
        #expect(await storeErrorKind { try await Self.createThenThrow(store, draft) } == .conflict)
        #expect(try await store.payment(draft.id) == nil)
        #expect(try await store.attempts(of: draft.id).isEmpty)
        #expect(try await store.wallet("w").map { $0.held } == 0)
        #expect(try await store.outbox(.all, limit: 10).map(\.type) == [.succeeded], "only the funding top-up's event")
        #expect(try await store.verifyLedger().transfersChecked == 1)
        #expect(try await store.create(draft).id == draft.id, "the key is free again")
    }

    /// Creates the payment, flags it, then throws, all in one transaction of `store`.
    static func createThenThrow<S: TransactionalStore>(_ store: S, _ draft: PaymentDraft) async throws {
        try await store.transaction { tx in
            _ = try PaymentRules.create(tx, draft)
            var record = try PaymentRules.record(tx, draft.id)
            try PaymentRules.flag(tx, record: &record, source: "test", detail: "about to fail", at: Fixture.clock)
            throw StoreError(.conflict, "the body gave up")
        }
    }
}
