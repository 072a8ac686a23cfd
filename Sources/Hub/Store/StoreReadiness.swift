import GRDB

/// Whether the database can serve: the migrations this build knows, split into applied and pending.
public struct StoreReadiness: Sendable, Equatable {
    public var applied: [String]
    public var pending: [String]

    public init(applied: [String], pending: [String]) {
        self.applied = applied
        self.pending = pending
    }

    /// True when every migration of this build is applied.
    public var isReady: Bool { pending.isEmpty }
}

extension SQLiteStore {
    public func readiness() async throws(StoreError) -> StoreReadiness {
        try await read { db in
            let applied = try SQLiteMigrations.migrator.appliedIdentifiers(db)
            let known = SQLiteMigrations.migrator.migrations
            return StoreReadiness(applied: known.filter(applied.contains), pending: known.filter { !applied.contains($0) })
        }
    }
}
