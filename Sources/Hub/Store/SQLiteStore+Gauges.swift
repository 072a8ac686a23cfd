import Foundation
import GRDB

extension SQLiteStore {
    public func gauges(now: Date) async throws(StoreError) -> StoreGauges {
        try await read { db in
            let outbox = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) AS backlog, MIN(created_at) AS oldest FROM outbox WHERE delivered_at IS NULL AND dead_at IS NULL
                """))
            let nowMillis = Timestamp.millis(now)
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT CASE WHEN ?1 - created_at < 60000 THEN 0 WHEN ?1 - created_at < 300000 THEN 1
                            WHEN ?1 - created_at < 3600000 THEN 2 ELSE 3 END AS band, COUNT(*) AS open
                FROM payments WHERE state IN ('created', 'pending') GROUP BY band
                """), arguments: [nowMillis])
            let bands = StoreGauges.PendingAge.allCases
            var pending = Dictionary(uniqueKeysWithValues: bands.map { ($0, 0) })
            for row in rows { pending[bands[row["band"] as Int]] = row["open"] as Int }
            return StoreGauges(outboxBacklog: outbox?["backlog"] ?? 0,
                               oldestUndeliveredAt: (outbox?["oldest"] as Int64?).map(Timestamp.date(millis:)), pendingPayments: pending)
        }
    }
}
