import Foundation
import Testing
@testable import Hub

@Suite struct LedgerPostingTests {
    @Test func aBatchIsPostedInOneTransactionWithMaintainedBalances() async throws {
        let store = try TestDatabase().open()
        let amount = try Money(minorUnits: 250, currency: .RWF)
        let (walletA, walletB) = (try WalletID("a"), try WalletID("b"))
        let postings = (0..<1000).map { index in
            LedgerPosting(debitAccount: "treasury", creditAccount: (index.isMultiple(of: 2) ? walletA : walletB).accountName, amount: amount)
        }
        let ids = try await store.post(postings)
        #expect(ids.count == 1000)
        #expect(Set(ids).count == 1000)
        let a = try #require(try await store.balances(wallet: walletA).first)
        let b = try #require(try await store.balances(wallet: walletB).first)
        #expect((a.posted, b.posted) == (125_000, 125_000))
        let report = try await store.verifyLedger()
        #expect(report.violations == [])
        #expect(report.transfersChecked == 1000)
    }

    @Test func aBadPostingRefusesTheWholeBatch() async throws {
        let store = try TestDatabase().open()
        let amount = try Money(minorUnits: 100, currency: .RWF)
        let wallet = try WalletID("a")
        await #expect(throws: StoreError.self) {
            try await store.post([
                LedgerPosting(debitAccount: "treasury", creditAccount: wallet.accountName, amount: amount),
                LedgerPosting(debitAccount: "same", creditAccount: "same", amount: amount),
            ])
        }
        #expect(try await store.balances(wallet: wallet).isEmpty)
    }
}
