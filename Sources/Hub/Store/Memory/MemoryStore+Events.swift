import Foundation

/// The outbox (in sequence order, one due event per payment and only its oldest undelivered one, a dead event
/// included), the inbox's queries and the gauges, as SQLite answers them.
extension MemoryStore {
    public func outbox(_ filter: OutboxFilter, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try read { tables in
            tables.outbox.lazy.filter { event in
                switch filter {
                case .all: true
                case .undelivered: event.deliveredAt == nil && event.deadAt == nil
                case .dead: event.deadAt != nil
                }
            }.prefix(sqlLimit: limit)
        }
    }

    /// Returns the events as they were before the claim moved their next attempt, as SQLite's claim does.
    public func claimDueEvents(now: Date, lease: TimeInterval, limit: Int) async throws(StoreError) -> [OutboxEvent] {
        try write { tx in
            var waiting = Set<PaymentID>()
            var due: [OutboxEvent] = []
            for event in tx.tables.outbox where event.deliveredAt == nil && (limit < 0 || due.count < limit) {
                defer { waiting.insert(event.paymentID) }
                guard event.deadAt == nil, event.nextAttemptAt.isDue(at: now), !waiting.contains(event.paymentID) else { continue }
                due.append(event)
            }
            for var event in due {
                event.nextAttemptAt = now.addingTimeInterval(lease)
                tx.updateDelivery(event)
            }
            return due
        }
    }

    public func recordDelivery(of sequence: Int64, delivered: Bool, error: String?, retryAt: Date?,
                               at time: Date) async throws(StoreError) {
        try write { tx in
            guard sequence >= 1, sequence <= Int64(tx.tables.outbox.count) else { return }
            var event = tx.tables.outbox[Int(sequence) - 1]
            event.deliveryAttempts += 1
            if delivered {
                event.deliveredAt = time
                event.lastError = nil
            } else {
                event.lastError = error
                event.nextAttemptAt = retryAt ?? time
                event.deadAt = retryAt == nil ? time : nil
            }
            tx.updateDelivery(event)
        }
    }

    public func redeliver(eventID: String, at time: Date) async throws(StoreError) -> Bool {
        try write { tx in
            guard let row = tx.tables.eventsByID[eventID] else { return false }
            var event = tx.tables.outbox[row]
            event.deadAt = nil
            event.deliveredAt = nil
            event.deliveryAttempts = 0
            event.nextAttemptAt = time
            tx.updateDelivery(event)
            return true
        }
    }

    public func notifications(of paymentID: PaymentID) async throws(StoreError) -> [InboxRecord] {
        try read { tables in
            (tables.inboxOfPayment[paymentID] ?? []).map { InboxRecord(entry: tables.inbox[$0].entry, status: tables.inbox[$0].status,
                                                                       detail: tables.inbox[$0].detail) }
        }
    }

    public func unmatchedNotifications(limit: Int) async throws(StoreError) -> [InboxEntry] {
        try read { tables in tables.inbox.reversed().lazy.filter { $0.status == .unknownPayment }.map(\.entry).prefix(sqlLimit: limit) }
    }

    public func gauges(now: Date) async throws(StoreError) -> StoreGauges {
        try read { tables in
            let backlog = tables.outbox.filter { $0.deliveredAt == nil && $0.deadAt == nil }
            let bands = StoreGauges.PendingAge.allCases
            var pending = Dictionary(uniqueKeysWithValues: bands.map { ($0, 0) })
            let nowMillis = Timestamp.millis(now)
            for record in tables.payments where [.created, .pending].contains(record.payment.state) {
                let age = nowMillis - Timestamp.millis(record.payment.createdAt)
                let band = age < 60_000 ? 0 : age < 300_000 ? 1 : age < 3_600_000 ? 2 : 3
                pending[bands[band], default: 0] += 1
            }
            return StoreGauges(outboxBacklog: backlog.count, oldestUndeliveredAt: backlog.map(\.createdAt).min(), pendingPayments: pending)
        }
    }
}
