import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a write acknowledged to a
/// caller survives a crash or a power cut.
public final class SQLiteStore: Store {
    let pool: DatabasePool
    let commits: GroupCommit

    /// Opens (creating if needed) the database at `path` and applies pending migrations. A database that a newer
    /// build has migrated (it names migrations this build does not know) is refused and left untouched: this build
    /// would write rows its schema does not describe.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // Savepoint journals (one per grouped write) in memory rather than in temporary files; they only
            // undo a failed write inside the open transaction, durability comes from the WAL.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Room for a whole group-commit round's pages (a few MiB), so a round is not spilled to the WAL before its commit.
            try db.execute(sql: "PRAGMA cache_size = -8192")
        }
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = SQLiteMigrations.migrator
            let unknown = try pool.read { db in
                let known = Set(migrator.migrations)
                return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
            }
            guard unknown.isEmpty else {
                throw StoreError(.database, "the database was migrated by a newer hub (\(unknown.joined(separator: ", "))); "
                                 + "run that version, or restore a backup made for this one")
            }
            try migrator.migrate(pool)
            commits = GroupCommit(pool: pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "cannot open database: \(Self.describe(error))")
        }
    }

    /// Names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws(StoreError) -> [String] {
        try await read { db in try SQLiteMigrations.migrator.appliedMigrations(db) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await pool.read(body) } catch { throw Self.storeError(error) }
    }

    /// Runs `body` in its own savepoint of a transaction shared with concurrent writers (group commit): it
    /// is all-or-nothing on its own, and durable when this returns.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do { return try await commits.write(body) } catch { throw Self.storeError(error) }
    }

    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        return StoreError(.database, "database error: \(describe(error))")
    }

    /// SQLite's result code and message, which never contain bound values.
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return "\(error.resultCode): \(error.message ?? "")" }
        return String(describing: type(of: error))
    }
}
