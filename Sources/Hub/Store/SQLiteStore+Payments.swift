import Foundation
import GRDB

extension SQLiteStore {
    public func claimDuePayments(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [(payment: Payment, polls: Int)] {
        try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.paymentColumns), polls FROM payments WHERE state IN ('created', 'pending') AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?
                """), arguments: [Timestamp.millis(now), limit])
            let leaseEnd = Timestamp.millis(now.addingTimeInterval(lease))
            for row in rows {
                try db.cachedStatement(sql: "UPDATE payments SET next_poll_at = ? WHERE id = ?").execute(arguments: [leaseEnd, row["id"] as String])
            }
            return try rows.map { (try Self.payment($0), $0["polls"] as Int) }
        }
    }

    public func schedulePoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE payments SET next_poll_at = ?, polls = polls + ? WHERE id = ?").execute(arguments: [Timestamp.millis(time), countingPoll ? 1 : 0, id.rawValue])
        }
    }
}
