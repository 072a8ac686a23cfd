import Foundation
import GRDB

extension SQLiteStore {
    public func receiveNotification(_ entry: InboxEntry, action: NotificationAction?, paymentID: PaymentID?,
                                    at time: Date) async throws(StoreError) -> NotificationReceipt {
        try await write { db in
            let initial: InboxStatus = paymentID == nil ? .unknownPayment : action == nil ? .ignored : .applied
            try db.cachedStatement(sql: """
                INSERT INTO webhook_inbox (provider, dedupe_key, reference, payment_id, event, status, body, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (provider, dedupe_key) DO NOTHING
                """).execute(arguments: [entry.provider.rawValue, entry.dedupeKey, entry.reference, paymentID?.rawValue, entry.event,
                                 initial.rawValue, entry.body, Timestamp.millis(entry.receivedAt)])
            guard db.changesCount == 1 else { return .duplicate }
            let row = db.lastInsertedRowID
            guard let paymentID, let action else { return .kept }
            let source = "\(entry.provider):notification"
            let result: ApplyResult
            let status: InboxStatus
            var detail: String?
            switch action {
            case .payment(let input):
                result = try Self.apply(db, input, to: paymentID, attempt: entry.reference, source: source, at: time)
                switch result.decision {
                case .transition: status = .applied
                case .unchanged: status = .unchanged
                case .anomaly(let reason):
                    status = .anomaly
                    detail = reason
                case .rejected(let reason):
                    // Kept, visible, and applied by `apply` once the payment reaches a state that allows it.
                    var payment = result.payment
                    try Self.flag(db, payment: &payment, source: source, detail: "notification held: \(reason)", at: time)
                    status = .held
                    detail = reason
                    return try NotificationReceipt.applied(ApplyResult(payment: payment, decision: result.decision)).recording(status, detail, row: row, db)
                }
            case .refund(let outcome, let reference):
                result = try Self.recordRefundOutcome(db, of: paymentID, outcome, refundReference: reference, source: source, at: time,
                                                      nextPollAt: nil)
                switch result.decision {
                case .transition: status = .applied
                case .unchanged: status = .unchanged
                case .anomaly(let reason), .rejected(let reason):
                    status = .anomaly
                    detail = reason
                }
            case .review(let reason):
                guard var payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"),
                                                     arguments: [paymentID.rawValue]).map(Self.payment) else {
                    throw StoreError(.notFound, "no payment \(paymentID)")
                }
                try Self.flag(db, payment: &payment, source: source, detail: reason, at: time)
                result = ApplyResult(payment: payment, decision: .anomaly(reason))
                status = .review
                detail = reason
            }
            return try NotificationReceipt.applied(result).recording(status, detail, row: row, db)
        }
    }

    public func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE payment_id = ? ORDER BY id"),
                             arguments: [paymentID.rawValue]).map { row in
                guard let status = InboxStatus(rawValue: row["status"]) else { throw StoreError(.corrupt, "inbox row with an unknown status") }
                return InboxRecord(entry: Self.inboxEntry(row), status: status, detail: row["detail"])
            }
        }
    }

    static func inboxEntry(_ row: Row) -> InboxEntry {
        InboxEntry(provider: ProviderID(row["provider"] as String), dedupeKey: row["dedupe_key"], reference: row["reference"],
                   event: row["event"], body: row["body"], receivedAt: Timestamp.date(millis: row["received_at"]))
    }

    public func unmatchedNotifications(limit: Int) async throws(StoreError) -> [InboxEntry] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM webhook_inbox WHERE status = 'unknown_payment' ORDER BY id DESC LIMIT ?"),
                             arguments: [limit]).map(Self.inboxEntry)
        }
    }
}

extension NotificationReceipt {
    /// Writes what the notification did on its inbox row, and returns the receipt.
    fileprivate func recording(_ status: InboxStatus, _ detail: String?, row: Int64, _ db: Database) throws -> NotificationReceipt {
        try db.cachedStatement(sql: "UPDATE webhook_inbox SET status = ?, detail = ? WHERE id = ?")
            .execute(arguments: [status.rawValue, detail.map { String($0.prefix(500)) }, row])
        return self
    }
}
