import Foundation
import Testing
@testable import Hub

@Suite struct LedgerTests {
    func balance(_ store: SQLiteStore, _ wallet: String, _ currency: Currency = .RWF) async throws -> AccountBalance? {
        try await store.balances(wallet: WalletID(wallet)).first { $0.currency == currency }
    }

    @Test func handCheckedEntries() async throws {
        let store = try TestDatabase().open()
        // Top-up of 5000 RWF succeeds: debit provider clearing, credit wallet.
        try await store.fund("w1", 5000)
        var wallet = try #require(try await balance(store, "w1"))
        #expect((wallet.posted, wallet.held, wallet.available) == (5000, 0, 5000))

        // Withdrawal of 1200 starts: a hold reduces available at once, posted unchanged.
        let first = try await store.create(try Fixture.draft(.withdrawal, wallet: "w1", amount: 1200))
        wallet = try #require(try await balance(store, "w1"))
        #expect((wallet.posted, wallet.held, wallet.available) == (5000, 1200, 3800))

        // It succeeds: the hold is posted.
        _ = try await store.apply(Fixture.success, to: first.id, source: "test", at: Fixture.clock)
        wallet = try #require(try await balance(store, "w1"))
        #expect((wallet.posted, wallet.held, wallet.available) == (3800, 0, 3800))

        // Another withdrawal of 800 fails: the hold is voided, nothing moves.
        let second = try await store.create(try Fixture.draft(.withdrawal, wallet: "w1", amount: 800))
        _ = try await store.apply(Fixture.decline, to: second.id, source: "test", at: Fixture.clock)
        wallet = try #require(try await balance(store, "w1"))
        #expect((wallet.posted, wallet.held, wallet.available) == (3800, 0, 3800))

        // A succeeded top-up of 300 is reversed: a new opposite entry.
        let topUp = try await store.create(try Fixture.draft(.topUp, wallet: "w1", amount: 300))
        _ = try await store.apply(Fixture.success, to: topUp.id, source: "test", at: Fixture.clock)
        _ = try await store.apply(.reversal, to: topUp.id, source: "test", at: Fixture.clock)
        wallet = try #require(try await balance(store, "w1"))
        #expect(wallet.posted == 3800)

        let lines = try await store.entries(wallet: WalletID("w1"), limit: 100, cursor: nil).items
        #expect(lines.map(\.kind) == [.posted, .hold, .post, .hold, .void, .posted, .reversal])
        #expect(lines.map(\.direction) == [.credit, .debit, .debit, .debit, .debit, .credit, .debit])
        #expect(lines.map(\.amount.minorUnits) == [5000, 1200, 1200, 800, 800, 300, 300])
        #expect(lines.allSatisfy { $0.counterAccount == "provider:test:clearing" })

        let clearing = try #require(try await store.balance(account: "provider:test:clearing", currency: .RWF))
        #expect(clearing.posted == -3800)
        let report = try await store.verifyLedger()
        #expect(report.violations == [])
        #expect(report.transfersChecked == 7)
    }

    @Test func reversalBeyondTheBalanceIsFlagged() async throws {
        let store = try TestDatabase().open()
        let topUp = try await store.create(try Fixture.draft(.topUp, wallet: "w2", amount: 1000))
        _ = try await store.apply(Fixture.success, to: topUp.id, source: "test", at: Fixture.clock)
        let spend = try await store.create(try Fixture.draft(.withdrawal, wallet: "w2", amount: 900))
        _ = try await store.apply(Fixture.success, to: spend.id, source: "test", at: Fixture.clock)
        _ = try await store.apply(.reversal, to: topUp.id, source: "test", at: Fixture.clock)
        let wallet = try #require(try await balance(store, "w2"))
        #expect(wallet.available == -900)
        let lines = try await store.entries(wallet: WalletID("w2"), limit: 10, cursor: nil).items
        #expect(lines.last?.flagged == true)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test func verifierCatchesATamperedBalance() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w3", 700)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE name = 'wallet:w3'")
        }
        let report = try await store.verifyLedger()
        #expect(report.violations.contains { $0.contains("maintained balances differ") })
        #expect(report.violations.contains { $0.contains("RWF: balances sum to 1 posted") })
    }

    @Test func verifierCatchesAnUnbalancedLedger() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w4", 700)
        try await store.pool.write { db in
            try db.execute(sql: "DELETE FROM ledger_transfers")
            try db.execute(sql: "UPDATE ledger_accounts SET debits_posted = 0 WHERE name LIKE 'provider:%'")
        }
        let report = try await store.verifyLedger()
        #expect(report.violations.contains { $0.contains("RWF: balances sum to 700 posted") })
    }

    /// A seeded random walk of top-ups, withdrawals (held, then posted or voided), and reversals across many
    /// wallets and two currencies, checked against a simple model and the invariant checker.
    @Test func randomOperationsKeepEveryInvariant() async throws {
        let store = try TestDatabase().open()
        var random = SeededRandom(seed: 20_261_126)
        var model: [String: Int64] = [:]
        var held: [(Payment, String)] = []
        var reversible: [(Payment, String)] = []
        let currencies: [Currency] = [.RWF, .KES]
        var operations = 0
        while operations < 10_000 {
            operations += 1
            let wallet = "w\(random.next(upTo: 40))"
            let currency = currencies[random.next(upTo: 2)]
            let key = "\(wallet):\(currency.code)"
            switch random.next(upTo: 10) {
            case 0...3:
                let payment = try await store.create(try Fixture.draft(.topUp, wallet: wallet, amount: Int64(1 + random.next(upTo: 5000)), currency: currency))
                if random.next(upTo: 5) == 0 {
                    _ = try await store.apply(Fixture.decline, to: payment.id, source: "test", at: Fixture.clock)
                } else {
                    _ = try await store.apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock)
                    model[key, default: 0] += payment.amount.minorUnits
                    reversible.append((payment, key))
                }
            case 4...6:
                let amount = Int64(1 + random.next(upTo: 3000))
                do {
                    let payment = try await store.create(try Fixture.draft(.withdrawal, wallet: wallet, amount: amount, currency: currency))
                    held.append((payment, key))
                } catch let error as StoreError {
                    #expect(error.kind == .insufficientFunds || error.kind == .unknownWallet)
                }
            case 7...8 where !held.isEmpty:
                let (payment, key) = held.remove(at: random.next(upTo: held.count))
                let succeed = random.next(upTo: 3) != 0
                _ = try await store.apply(succeed ? Fixture.success : Fixture.decline, to: payment.id, source: "test", at: Fixture.clock)
                if succeed { model[key, default: 0] -= payment.amount.minorUnits }
            case 9 where !reversible.isEmpty:
                let (payment, key) = reversible.remove(at: random.next(upTo: reversible.count))
                _ = try await store.apply(.reversal, to: payment.id, source: "test", at: Fixture.clock)
                model[key, default: 0] -= payment.amount.minorUnits
            default:
                operations -= 1
            }
        }
        let report = try await store.verifyLedger()
        #expect(report.violations == [])
        #expect(report.transfersChecked > 8_000)
        for (key, expected) in model {
            let parts = key.split(separator: ":")
            let balance = try await balance(store, String(parts[0]), try Currency.parse(String(parts[1])))
            let heldHere = held.filter { $0.1 == key }.reduce(Int64(0)) { $0 + $1.0.amount.minorUnits }
            #expect(balance?.posted == expected, "\(key)")
            #expect(balance?.held == heldHere, "\(key)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so a failing sequence can be replayed.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
