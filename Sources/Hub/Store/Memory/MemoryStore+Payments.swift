import Foundation

/// Payment lookups, in SQLite's orders: a payment's attempts by number, a provider's by creation, a wallet's
/// payments newest first (creation time, then id, both descending) under the same cursor SQLite issues.
extension MemoryStore {
    public func payment(_ id: PaymentID) async throws(StoreError) -> Payment? {
        try read { tables in tables.record(id)?.payment }
    }

    public func payment(idempotencyKey: String, requestHash: String) async throws(StoreError) -> Payment? {
        try read { tables throws(StoreError) in
            guard let row = tables.paymentsByKey[idempotencyKey] else { return nil }
            guard tables.payments[row].requestHash == requestHash else {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used with other parameters")
            }
            return tables.payments[row].payment
        }
    }

    /// By our reference first, then by the provider's transaction id (the earliest attempt carrying it).
    public func payment(provider: ProviderID, reference: String) async throws(StoreError) -> Payment? {
        try read { tables in
            let row = tables.attemptsByReference[ProviderKey(provider: provider, key: reference)]
                ?? tables.attempts.firstIndex { $0.provider == provider && $0.providerTransactionID == reference }
            return row.flatMap { tables.record(tables.attempts[$0].paymentID)?.payment }
        }
    }

    public func attempts(of id: PaymentID) async throws(StoreError) -> [PaymentAttempt] {
        try read { tables in tables.attempts(of: id) }
    }

    public func attempts(at provider: ProviderID, since: Date) async throws(StoreError) -> [(payment: Payment, attempt: PaymentAttempt)] {
        try read { tables in
            let since = Timestamp.millis(since)
            let attempts = tables.attempts.filter { $0.provider == provider && Timestamp.millis($0.createdAt) >= since }
            // A stable sort: attempts created in the same millisecond stay in the order they were written.
            return attempts.enumerated().sorted { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }
                .compactMap { _, attempt in tables.record(attempt.paymentID).map { ($0.payment, attempt) } }
        }
    }

    public func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<Payment> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }
        return try read { tables in
            let newestFirst = (tables.paymentsOfWallet[wallet] ?? []).map { tables.payments[$0].payment }
                .map { (order: Timestamp.millis($0.createdAt), payment: $0) }
                .filter { entry in
                    guard let after else { return true }
                    return entry.order < after.order || (entry.order == after.order && entry.payment.id.rawValue < after.id)
                }
                .sorted { ($0.order, $0.payment.id.rawValue) > ($1.order, $1.payment.id.rawValue) }
            let items = newestFirst.prefix(limit).map(\.payment)
            let next = newestFirst.count > limit
                ? items.last.map { PageCursor(order: Timestamp.millis($0.createdAt), id: $0.id.rawValue).text } : nil
            return Page(items: Array(items), nextCursor: next)
        }
    }

    public func paymentsNeedingReview(limit: Int) async throws(StoreError) -> [Payment] {
        try read { tables in
            let flagged = tables.payments.filter(\.payment.needsReview).map(\.payment)
            return flagged.enumerated().sorted { ($0.element.updatedAt, $0.offset) < ($1.element.updatedAt, $1.offset) }
                .map(\.element).prefix(sqlLimit: limit)
        }
    }

    public func resolutions(of id: PaymentID) async throws(StoreError) -> [PaymentResolution] {
        try read { tables in tables.resolutions.filter { $0.paymentID == id } }
    }

    public func auditRecords(limit: Int, before: Int64?) async throws(StoreError) -> [AuditRecord] {
        try read { tables in tables.auditTrail.reversed().lazy.filter { $0.id < before ?? Int64.max }.prefix(sqlLimit: limit) }
    }

    public func anomalies(limit: Int) async throws(StoreError) -> [Anomaly] {
        try read { tables in tables.anomalies.reversed().prefix(sqlLimit: limit) }
    }
}
