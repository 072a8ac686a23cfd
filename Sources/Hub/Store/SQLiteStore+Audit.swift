import Foundation
import GRDB

extension SQLiteStore {
    public func auditRecords(limit: Int, before: Int64?) async throws(StoreError) -> [AuditRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?"),
                             arguments: [before ?? Int64.max, limit]).map { row in
                AuditRecord(id: row["id"], actor: row["actor"], action: row["action"], target: row["target"], reason: row["reason"],
                            before: row["before_summary"], after: row["after_summary"],
                            createdAt: Timestamp.date(millis: row["created_at"]))
            }
        }
    }
}
