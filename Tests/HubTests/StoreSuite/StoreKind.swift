import Foundation
import HubPostgres
import NIOConcurrencyHelpers
import Testing
@testable import Hub

/// Every store the shared store suite runs against. A new backend is one case here and its line in `open()`.
/// PostgreSQL is among them when a server is reachable (`PostgresTestServer`); otherwise
/// `StorePostgresAvailabilityTests` is skipped and its skip names the reason.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory
    case sqlite
    case postgres

    static var allCases: [StoreKind] { PostgresTestServer.isReachable ? [.memory, .sqlite, .postgres] : [.memory, .sqlite] }

    /// A new, empty store of this kind (SQLite in its own temporary folder, PostgreSQL in its own database).
    func open() throws -> any TransactionalStore {
        StoreSuiteCount.opened(self)
        return switch self {
        case .memory: MemoryStore()
        case .sqlite: try TestDatabase().open()
        case .postgres: try PostgresTestServer.freshStore()
        }
    }

    var testDescription: String { rawValue }
}

/// How many stores of each kind the suite opened (one per test case, one per store of a multi-store test), printed
/// when the test process exits, so a run shows how much of the suite each store ran.
enum StoreSuiteCount {
    private static let counts = NIOLockedValueBox<[StoreKind: Int]>([:])
    private static let registered = NIOLockedValueBox(false)

    static func opened(_ kind: StoreKind) {
        counts.withLockedValue { $0[kind, default: 0] += 1 }
        let first = registered.withLockedValue { done in
            defer { done = true }
            return !done
        }
        if first { atexit { StoreSuiteCount.report() } }
    }

    static func report() {
        let counts = counts.withLockedValue { $0 }
        let line = [StoreKind.memory, .sqlite, .postgres].map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", ")
        print("store suite: stores opened per kind: \(line)"
              + (PostgresTestServer.skipReason.map { " (postgres skipped: \($0))" } ?? ""))
    }
}

@Suite struct StorePostgresAvailabilityTests {
    /// Runs, and passes, only when the suite runs on PostgreSQL; when it cannot, this test is reported as skipped with
    /// the reason, so a run without PostgreSQL never passes silently in its name.
    @Test(.enabled(if: PostgresTestServer.isReachable, Comment(rawValue: PostgresTestServer.skipReason ?? "")))
    func theStoreSuiteRunsOnPostgreSQL() throws {
        #expect(StoreKind.allCases.contains(.postgres))
        let store = try StoreKind.postgres.open()
        #expect(store is PostgresStore)
    }
}
