import Foundation

/// `StoreTransaction` over a `MemoryStore`'s tables, which are moved into it for the length of the transaction (not
/// copied: a copy of every table per transaction would cost more than the transaction).
///
/// Every write goes through `append`, `replace`, `set` or `appendToList`, each of which logs how to undo it, so
/// `rollBack` restores the tables exactly when the body throws. The keys SQLite's schema makes unique, and the rows
/// its foreign keys require, are checked here too: a breach throws before anything is written, like a failed
/// constraint, and the store then rolls the whole transaction back.
public final class MemoryTransaction: StoreTransaction {
    var tables: MemoryTables
    private var undoLog: [(inout MemoryTables) -> Void] = []

    /// Takes `tables` for the transaction, leaving them empty until `finish` gives them back.
    init(taking tables: inout MemoryTables) {
        self.tables = MemoryTables()
        swap(&self.tables, &tables)
    }

    /// Gives the tables back, with every write kept (`commit`) or undone newest first.
    func finish(into tables: inout MemoryTables, commit: Bool) {
        if !commit {
            for undo in undoLog.reversed() { undo(&self.tables) }
        }
        undoLog.removeAll()
        swap(&self.tables, &tables)
    }

    // MARK: Payments and attempts

    public func payment(_ id: PaymentID) throws -> PaymentRecord? { tables.record(id) }

    public func payment(idempotencyKey: String) throws -> PaymentRecord? {
        tables.paymentsByKey[idempotencyKey].map { tables.payments[$0] }
    }

    public func payment(refundIdempotencyKey: String) throws -> PaymentID? {
        tables.paymentsByRefundKey[refundIdempotencyKey].map { tables.payments[$0].payment.id }
    }

    public func insert(_ record: PaymentRecord) throws {
        let payment = record.payment
        guard tables.paymentRows[payment.id] == nil else { throw Self.constraint("payments.id is not unique") }
        guard tables.paymentsByKey[payment.idempotencyKey] == nil else { throw Self.constraint("payments.idempotency_key is not unique") }
        guard payment.amount.minorUnits > 0 else { throw Self.constraint("payments.amount must be positive") }
        if let key = record.refund.idempotencyKey, tables.paymentsByRefundKey[key] != nil {
            throw Self.constraint("payments.refund_idempotency_key is not unique")
        }
        let row = tables.payments.count
        append(\.payments, Self.stored(record))
        set(\.paymentRows, payment.id, to: row)
        set(\.paymentsByKey, payment.idempotencyKey, to: row)
        appendToList(\.paymentsOfWallet, payment.walletID, row)
        if let key = record.refund.idempotencyKey { set(\.paymentsByRefundKey, key, to: row) }
    }

    /// Writes what a payment's life changes (as SQLite's `UPDATE` names them); what the payment was created with stays.
    public func update(_ record: PaymentRecord) throws {
        guard let row = tables.paymentRows[record.payment.id] else { return }
        var stored = tables.payments[row]
        let oldKey = stored.refund.idempotencyKey, newKey = record.refund.idempotencyKey
        if let newKey, newKey != oldKey, tables.paymentsByRefundKey[newKey] != nil {
            throw Self.constraint("payments.refund_idempotency_key is not unique")
        }
        stored.payment.state = record.payment.state
        stored.payment.provider = record.payment.provider
        stored.payment.providerReference = record.payment.providerReference
        stored.payment.failure = record.payment.failure
        stored.payment.needsReview = record.payment.needsReview
        stored.payment.updatedAt = record.payment.updatedAt
        stored.payment.refundState = record.payment.refundState
        stored.nextPollAt = record.nextPollAt
        stored.polls = record.polls
        stored.refund = record.refund
        replace(\.payments, at: row, with: Self.stored(stored))
        if oldKey != newKey {
            if let oldKey { set(\.paymentsByRefundKey, oldKey, to: nil) }
            if let newKey { set(\.paymentsByRefundKey, newKey, to: row) }
        }
    }

    public func attempts(of paymentID: PaymentID) throws -> [PaymentAttempt] { tables.attempts(of: paymentID) }

    public func insert(_ attempt: PaymentAttempt) throws {
        let reference = ProviderKey(provider: attempt.provider, key: attempt.reference)
        guard tables.paymentRows[attempt.paymentID] != nil else { throw Self.constraint("attempts.payment_id names no payment") }
        guard !tables.attempts(of: attempt.paymentID).contains(where: { $0.number == attempt.number }) else {
            throw Self.constraint("attempts (payment_id, number) is not unique")
        }
        guard tables.attemptsByReference[reference] == nil else { throw Self.constraint("attempts (provider, reference) is not unique") }
        var stored = attempt
        stored.createdAt = attempt.createdAt.storedMillis
        stored.updatedAt = attempt.updatedAt.storedMillis
        stored.sentAt = attempt.sentAt.storedMillis
        let row = tables.attempts.count
        append(\.attempts, stored)
        appendToList(\.attemptsOfPayment, attempt.paymentID, row)
        set(\.attemptsByReference, reference, to: row)
    }

    /// Writes the provider's transaction id, the status and the times; the provider and reference stay.
    public func update(_ attempt: PaymentAttempt) throws {
        guard let row = tables.attemptsOfPayment[attempt.paymentID]?.first(where: { tables.attempts[$0].number == attempt.number }) else {
            return
        }
        var stored = tables.attempts[row]
        stored.providerTransactionID = attempt.providerTransactionID
        stored.status = attempt.status
        stored.updatedAt = attempt.updatedAt.storedMillis
        stored.sentAt = attempt.sentAt.storedMillis
        replace(\.attempts, at: row, with: stored)
    }

    public func insert(_ anomaly: Anomaly) throws {
        var stored = anomaly
        stored.createdAt = anomaly.createdAt.storedMillis
        append(\.anomalies, stored)
    }

    public func insert(_ resolution: PaymentResolution) throws {
        guard tables.paymentRows[resolution.paymentID] != nil else {
            throw Self.constraint("payment_resolutions.payment_id names no payment")
        }
        var stored = resolution
        stored.createdAt = resolution.createdAt.storedMillis
        append(\.resolutions, stored)
    }

    public func insert(_ record: AuditRecord) throws -> Int64 {
        var stored = record
        stored.id = Int64(tables.auditTrail.count + 1)
        stored.createdAt = record.createdAt.storedMillis
        append(\MemoryTables.auditTrail, stored)
        return stored.id
    }

    // MARK: Outbox and inbox

    public func insert(_ event: OutboxDraft) throws {
        guard tables.eventsByID[event.eventID] == nil else { throw Self.constraint("outbox.event_id is not unique") }
        let time = event.createdAt.storedMillis
        set(\.eventsByID, event.eventID, to: tables.outbox.count)
        append(\.outbox, OutboxEvent(sequence: Int64(tables.outbox.count + 1), eventID: event.eventID, paymentID: event.paymentID,
                                     type: event.type, payload: event.payload, createdAt: time, deliveredAt: nil, deliveryAttempts: 0,
                                     nextAttemptAt: time, deadAt: nil, lastError: nil))
    }

    /// Writes an outbox event's delivery fields (named by its sequence).
    func updateDelivery(_ event: OutboxEvent) {
        guard event.sequence >= 1, event.sequence <= Int64(tables.outbox.count) else { return }
        var stored = event
        stored.deliveredAt = event.deliveredAt?.storedMillis
        stored.deadAt = event.deadAt?.storedMillis
        stored.nextAttemptAt = event.nextAttemptAt.storedMillis
        replace(\.outbox, at: Int(event.sequence) - 1, with: stored)
    }

    public func insertInbox(_ entry: InboxEntry, paymentID: PaymentID?, status: InboxStatus) throws -> Int64? {
        let key = ProviderKey(provider: entry.provider, key: entry.dedupeKey)
        guard tables.inboxByKey[key] == nil else { return nil }
        var stored = entry
        stored.receivedAt = entry.receivedAt.storedMillis
        let row = tables.inbox.count
        append(\.inbox, InboxRow(entry: stored, paymentID: paymentID, status: status, detail: nil))
        set(\.inboxByKey, key, to: row)
        if let paymentID { appendToList(\.inboxOfPayment, paymentID, row) }
        return Int64(row + 1)
    }

    public func updateInbox(_ id: Int64, status: InboxStatus, detail: String?) throws {
        guard id >= 1, id <= Int64(tables.inbox.count) else { return }
        var row = tables.inbox[Int(id) - 1]
        row.status = status
        row.detail = detail
        replace(\.inbox, at: Int(id) - 1, with: row)
    }

    public func heldReversals(of paymentID: PaymentID) throws -> [HeldNotification] {
        (tables.inboxOfPayment[paymentID] ?? []).compactMap { row in
            let held = tables.inbox[row]
            guard held.status == .held, held.entry.event == "reversed" else { return nil }
            return HeldNotification(id: Int64(row + 1), provider: held.entry.provider)
        }
    }

    static func constraint(_ detail: String) -> StoreError { StoreError(.database, "database error: constraint failed: \(detail)") }

    /// The record with its times cut to what the store keeps.
    static func stored(_ record: PaymentRecord) -> PaymentRecord {
        var stored = record
        stored.payment.createdAt = record.payment.createdAt.storedMillis
        stored.payment.updatedAt = record.payment.updatedAt.storedMillis
        stored.nextPollAt = record.nextPollAt.storedMillis
        stored.refund.requestedAt = record.refund.requestedAt?.storedMillis
        stored.refund.nextPollAt = record.refund.nextPollAt?.storedMillis
        return stored
    }

    // MARK: Logged writes

    func append<Row>(_ table: WritableKeyPath<MemoryTables, [Row]>, _ row: Row) {
        tables[keyPath: table].append(row)
        undoLog.append { $0[keyPath: table].removeLast() }
    }

    func replace<Row>(_ table: WritableKeyPath<MemoryTables, [Row]>, at index: Int, with row: Row) {
        let old = tables[keyPath: table][index]
        tables[keyPath: table][index] = row
        undoLog.append { $0[keyPath: table][index] = old }
    }

    func set<Key: Hashable, Value>(_ index: WritableKeyPath<MemoryTables, [Key: Value]>, _ key: Key, to value: Value?) {
        let old = tables[keyPath: index][key]
        tables[keyPath: index][key] = value
        undoLog.append { $0[keyPath: index][key] = old }
    }

    func appendToList<Key: Hashable, Element>(_ index: WritableKeyPath<MemoryTables, [Key: [Element]]>, _ key: Key, _ element: Element) {
        tables[keyPath: index][key, default: []].append(element)
        undoLog.append { tables in
            tables[keyPath: index][key]?.removeLast()
            if tables[keyPath: index][key]?.isEmpty == true { tables[keyPath: index][key] = nil }
        }
    }
}
