import Foundation

/// The operator console's reads, in SQLite's orders: payments newest first under the same cursor, and one payment's
/// whole record, each list oldest first.
extension MemoryStore {
    public func payments(matching query: PaymentQuery, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        return try read { tables in
            let newestFirst = tables.payments.lazy.map(\.payment).filter(query.matches)
                .map { (order: Timestamp.millis($0.createdAt), payment: $0) }
                .filter { entry in
                    guard let after else { return true }
                    return entry.order < after.order || (entry.order == after.order && entry.payment.id.rawValue < after.id)
                }
                .sorted { ($0.order, $0.payment.id.rawValue) > ($1.order, $1.payment.id.rawValue) }
            let items = newestFirst.prefix(sqlLimit: limit).map(\.payment)
            let next = limit >= 0 && newestFirst.count > limit
                ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: items, nextCursor: next)
        }
    }

    public func timeline(of id: PaymentID) async throws(StoreError) -> PaymentTimeline? {
        try read { tables throws(StoreError) in
            guard let payment = tables.record(id)?.payment else { return nil }
            let notifications = (tables.inboxOfPayment[id] ?? []).map {
                InboxRecord(entry: tables.inbox[$0].entry, status: tables.inbox[$0].status, detail: tables.inbox[$0].detail)
            }
            var transfers: [TimelineTransfer] = []
            for transfer in tables.transfers where transfer.paymentID == id {
                guard let debit = tables.account(id: transfer.debitAccountID), let credit = tables.account(id: transfer.creditAccountID) else {
                    throw StoreError(.corrupt, "ledger transfer \(transfer.id) names an account that does not exist")
                }
                transfers.append(TimelineTransfer(id: transfer.id, kind: transfer.kind, debitAccount: debit.balance.account, creditAccount: credit.balance.account,
                                                  amount: transfer.amount, pendingID: transfer.pendingID, flagged: transfer.flagged,
                                                  createdAt: transfer.createdAt))
            }
            return PaymentTimeline(payment: payment, attempts: tables.attempts(of: id), notifications: notifications, transfers: transfers,
                                   events: tables.outbox.filter { $0.paymentID == id }, anomalies: tables.anomalies.filter { $0.paymentID == id },
                                   resolutions: tables.resolutions.filter { $0.paymentID == id })
        }
    }
}
