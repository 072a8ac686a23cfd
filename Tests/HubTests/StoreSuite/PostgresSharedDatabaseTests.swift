import Foundation
import HubPostgres
import Testing
@testable import Hub

/// Two stores on one PostgreSQL database, as two hub processes would open it: the row locks and claims hold across
/// them. Skipped, with the reason, when no PostgreSQL server is reachable.
@Suite(.enabled(if: PostgresTestServer.isReachable, Comment(rawValue: PostgresTestServer.skipReason ?? "")))
struct PostgresSharedDatabaseTests {
    @Test func fiveHundredWithdrawalsAcrossTwoStoresHoldExactlyWhatTheBalanceCovers() async throws {
        let first = try PostgresTestServer.freshStore()
        let second = try PostgresTestServer.secondStore(on: first)
        try await first.fund("shared", 100 * 1000)
        let stores: [PostgresStore] = [first, second]
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<500 {
                let store = stores[index % 2]
                group.addTask {
                    do {
                        _ = try await store.create(try Fixture.draft(.withdrawal, wallet: "shared", amount: 1000))
                        return true
                    } catch let error as StoreError where error.kind == .insufficientFunds {
                        return false
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 }.count == 100)
        let balance = try #require(try await second.wallet("shared"))
        #expect(balance.held == 100_000 && balance.available == 0)
        #expect(try await first.verifyLedger().isValid)
    }

    @Test func twoStoresClaimingTogetherNeverTakeTheSamePayment() async throws {
        let first = try PostgresTestServer.freshStore()
        let second = try PostgresTestServer.secondStore(on: first)
        var created: Set<String> = []
        for _ in 0..<60 { created.insert(try await first.create(try Fixture.draft(.topUp, wallet: "w", amount: 10)).id.rawValue) }
        let claims = try await withThrowingTaskGroup(of: [String].self) { group in
            for index in 0..<12 {
                let store = index % 2 == 0 ? first : second
                group.addTask {
                    try await store.claimDuePayments(now: Fixture.clock.addingTimeInterval(1), lease: 60, limit: 7).map(\.payment.id.rawValue)
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claims.count == Set(claims).count, "no payment claimed twice")
        #expect(Set(claims).isSubset(of: created))
        #expect(claims.count == 60, "twelve claims of seven take all sixty due payments")
        #expect(try await second.claimDuePayments(now: Fixture.clock.addingTimeInterval(2), lease: 60, limit: 100).isEmpty,
                "a claimed payment's lease keeps every store away")
    }

    /// Postings in opposite directions between the same two accounts, from two stores at once: the batch locks its
    /// accounts in one fixed order, so none deadlocks (each waiting for the other would cost a second of deadlock
    /// detection and a rerun), and every posting lands exactly once.
    @Test func postingsInOppositeDirectionsFromTwoStoresEachLandOnce() async throws {
        let first = try PostgresTestServer.freshStore()
        let second = try PostgresTestServer.secondStore(on: first)
        let one = try Money.positive(minorUnits: 1, currency: .RWF)
        try await first.post([LedgerPosting(debitAccount: "wallet:left", creditAccount: "wallet:right", amount: one)])
        try await first.post([LedgerPosting(debitAccount: "wallet:right", creditAccount: "wallet:left", amount: one)])
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<100 {
                let store = index % 2 == 0 ? first : second
                let leftward = index % 4 < 2
                group.addTask {
                    let posting = leftward ? LedgerPosting(debitAccount: "wallet:right", creditAccount: "wallet:left", amount: one)
                        : LedgerPosting(debitAccount: "wallet:left", creditAccount: "wallet:right", amount: one)
                    return try await store.post([posting, posting]).count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(count == 200)
        let left = try await first.wallet("left"), right = try await second.wallet("right")
        #expect(left?.posted == 0 && right?.posted == 0, "as many postings each way: both balances back at zero")
        let report = try await second.verifyLedger()
        #expect(report.violations == [] && report.transfersChecked == 202)
    }

    @Test func hubsStartingTogetherAgreeOnOneCallbackToken() async throws {
        let first = try PostgresTestServer.freshStore()
        let second = try PostgresTestServer.secondStore(on: first)
        async let one = first.sharedSetting("callback_token", proposing: "token-of-the-first")
        async let other = second.sharedSetting("callback_token", proposing: "token-of-the-second")
        let (a, b) = try await (one, other)
        #expect(a == b && ["token-of-the-first", "token-of-the-second"].contains(a))
        #expect(try await second.sharedSetting("callback_token", proposing: "a-later-proposal") == a, "the first value stays")
    }

    @Test func aDatabaseMigratedByANewerHubIsRefusedAndLeftAlone() async throws {
        let store = try PostgresTestServer.freshStore()
        try await store.post([LedgerPosting(debitAccount: "suspense", creditAccount: "wallet:w",
                                            amount: try Money.positive(minorUnits: 5, currency: .RWF))])
        try PostgresTestServer.run("INSERT INTO hub_migrations (identifier, applied_at) VALUES ('9999_from_a_newer_hub', 0)",
                                   in: store.settings.database)
        do {
            _ = try PostgresTestServer.secondStore(on: store)
            Issue.record("a database with an unknown migration was opened")
        } catch {
            #expect(error.kind == .database && error.message.contains("newer hub") && error.message.contains("9999_from_a_newer_hub"))
        }
        #expect(try await store.readiness().isReady)
        #expect(try await store.wallet("w")?.posted == 5)
    }
}
