import Foundation

/// Claims and schedules, as SQLite's: what is due at `now` (to the millisecond) is taken earliest schedule first (ties
/// in the order written) and its schedule moved `lease` seconds ahead in the same transaction, so a second claim
/// before the lease runs out skips it. Scheduling a payment the store does not hold does nothing.
extension MemoryStore {
    public func claimDuePayments(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [(payment: Payment, polls: Int)] {
        try write { tx in
            let due = tx.tables.payments.enumerated()
                .filter { [.created, .pending].contains($0.element.payment.state) && $0.element.nextPollAt.isDue(at: now) }
                .sorted { ($0.element.nextPollAt, $0.offset) < ($1.element.nextPollAt, $1.offset) }
                .map(\.element).prefix(sqlLimit: limit)
            for var record in due {
                record.nextPollAt = now.addingTimeInterval(lease)
                try tx.update(record)
            }
            return due.map { ($0.payment, $0.polls) }
        }
    }

    public func schedulePoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try write { tx in
            guard var record = tx.tables.record(id) else { return }
            record.nextPollAt = time
            record.polls += countingPoll ? 1 : 0
            try tx.update(record)
        }
    }

    public func claimDueRefunds(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [DueRefund] {
        try write { tx in
            let due = tx.tables.payments.enumerated()
                .compactMap { row, record -> (next: Date, row: Int, record: PaymentRecord)? in
                    guard ["requested", "pending"].contains(record.payment.refundState), let next = record.refund.nextPollAt,
                          next.isDue(at: now) else { return nil }
                    return (next, row, record)
                }
                .sorted { ($0.next, $0.row) < ($1.next, $1.row) }
                .map(\.record).prefix(sqlLimit: limit)
            return try due.map { record in
                var leased = record
                leased.refund.nextPollAt = now.addingTimeInterval(lease)
                try tx.update(leased)
                let payment = record.payment
                return DueRefund(payment: payment, state: payment.refundState ?? "requested", reference: record.refund.reference ?? "",
                                 providerRefundID: record.refund.providerID,
                                 originalProviderTransactionID: try RefundRules.collectionTransactionID(tx, payment: payment),
                                 requestedAt: record.refund.requestedAt ?? payment.updatedAt, polls: record.refund.polls)
            }
        }
    }

    public func scheduleRefundPoll(_ id: PaymentID, at time: Date, countingPoll: Bool) async throws(StoreError) {
        try write { tx in
            guard var record = tx.tables.record(id) else { return }
            record.refund.nextPollAt = time
            record.refund.polls += countingPoll ? 1 : 0
            try tx.update(record)
        }
    }
}
