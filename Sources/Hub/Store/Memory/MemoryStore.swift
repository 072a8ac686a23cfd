import Foundation
import Synchronization

/// A store held in memory, for tests and for provider adapters' fast tests. It is not durable: everything it holds
/// is gone when the value is released or the process ends.
///
/// It behaves as `SQLiteStore` does, as the shared store suite checks: the money rules come from `TransactionalStore`,
/// the queries order, page, claim and lease as SQLite's do, and times are kept to the millisecond. Transactions run
/// one at a time under one lock; each is all-or-nothing (its writes are undone if its body throws). Queries take the
/// same lock, so they see only committed transactions.
public final class MemoryStore: TransactionalStore {
    private let tables = Mutex(MemoryTables())

    public init() {}

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (MemoryTransaction) throws -> T) async throws(StoreError) -> T {
        try write { tx throws in try body(tx) }
    }

    /// Runs `body` in one transaction under the lock: its writes are kept if it returns, undone if it throws. Errors
    /// other than a `StoreError` become `StoreError(.database)`, as a backend's errors do.
    func write<T: Sendable>(_ body: (MemoryTransaction) throws -> T) throws(StoreError) -> T {
        let outcome: Result<T, StoreError> = tables.withLock { tables in
            let tx = MemoryTransaction(taking: &tables)
            do {
                let value = try body(tx)
                tx.finish(into: &tables, commit: true)
                return .success(value)
            } catch {
                tx.finish(into: &tables, commit: false)
                return .failure(error as? StoreError ?? StoreError(.database, "database error: \(type(of: error))"))
            }
        }
        return try outcome.get()
    }

    /// Reads the committed tables under the lock.
    func read<T: Sendable>(_ body: (MemoryTables) throws(StoreError) -> T) throws(StoreError) -> T {
        let outcome: Result<T, StoreError> = tables.withLock { tables in
            do throws(StoreError) { return .success(try body(tables)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    /// Nothing to migrate: a memory store is always ready.
    public func readiness() async throws(StoreError) -> StoreReadiness { StoreReadiness(applied: [], pending: []) }
}
