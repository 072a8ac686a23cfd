import Foundation

/// A store that offers transactions (`StoreTransaction`) and the queries of its backend; the money rules come
/// from here, written once, so every store books the same way.
public protocol TransactionalStore: Store {
    associatedtype Transaction: StoreTransaction

    /// Runs `body` in one transaction: all of its writes are durable when this returns, or none is written.
    /// Errors from the database become `StoreError(.database)`; a `StoreError` thrown by the body passes unchanged.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (Transaction) throws -> T) async throws(StoreError) -> T
}

extension TransactionalStore {
    public func createPayment(_ draft: PaymentDraft) async throws(StoreError) -> CreatePaymentResult {
        try await transaction { tx in try PaymentRules.create(tx, draft) }
    }

    public func apply(_ input: PaymentInput, to paymentID: PaymentID, attempt: String?, source: String, at time: Date,
                      nextPollAt: Date?) async throws(StoreError) -> ApplyResult {
        try await transaction { tx in
            try PaymentRules.apply(tx, input, to: paymentID, attempt: attempt, source: source, at: time, nextPollAt: nextPollAt)
        }
    }

    public func receiveNotification(_ entry: InboxEntry, action: NotificationAction?, paymentID: PaymentID?,
                                    at time: Date) async throws(StoreError) -> NotificationReceipt {
        try await transaction { tx in try InboxRules.receive(tx, entry, action: action, paymentID: paymentID, at: time) }
    }

    public func beginRefund(of paymentID: PaymentID, idempotencyKey: String, reference: String, at time: Date,
                            leaseUntil: Date) async throws(StoreError) -> RefundStart {
        try await transaction { tx in
            try RefundRules.begin(tx, of: paymentID, idempotencyKey: idempotencyKey, reference: reference, at: time, leaseUntil: leaseUntil)
        }
    }

    public func recordRefundOutcome(of paymentID: PaymentID, _ result: ProviderResult, source: String, at time: Date,
                                    nextPollAt: Date) async throws(StoreError) -> ApplyResult {
        try await transaction { tx in
            try RefundRules.recordOutcome(tx, of: paymentID, result, source: source, at: time, nextPollAt: nextPollAt)
        }
    }

    public func refundNotSent(of paymentID: PaymentID, at time: Date) async throws(StoreError) -> Payment {
        try await transaction { tx in try RefundRules.notSent(tx, of: paymentID, at: time) }
    }

    public func addAttempt(to paymentID: PaymentID, after: String, provider: ProviderID, reference: String, at time: Date,
                           leaseUntil: Date) async throws(StoreError) -> Payment {
        try await transaction { tx in
            try PaymentRules.addAttempt(tx, to: paymentID, after: after, provider: provider, reference: reference, at: time,
                                        leaseUntil: leaseUntil)
        }
    }

    public func markAttemptNotSent(_ paymentID: PaymentID, reference: String, at time: Date) async throws(StoreError) -> Bool {
        try await transaction { tx in try PaymentRules.markNotSent(tx, paymentID, reference: reference, at: time) }
    }

    public func beginResend(_ paymentID: PaymentID, reference: String, at time: Date, leaseUntil: Date) async throws(StoreError) -> Bool {
        try await transaction { tx in try PaymentRules.beginResend(tx, paymentID, reference: reference, at: time, leaseUntil: leaseUntil) }
    }

    public func resolve(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                        at time: Date) async throws(StoreError) -> ApplyResult {
        try await transaction { tx in try ResolutionRules.resolve(tx, id, as: outcome, reason: reason, operator: `operator`, at: time) }
    }

    public func resolveRefund(_ id: PaymentID, as outcome: Resolution, reason: String, operator: String,
                              at time: Date) async throws(StoreError) -> ApplyResult {
        try await transaction { tx in
            try ResolutionRules.resolveRefund(tx, id, as: outcome, reason: reason, operator: `operator`, at: time)
        }
    }

    public func flagForReview(_ id: PaymentID, source: String, detail: String, at time: Date) async throws(StoreError) {
        try await transaction { tx in
            var record = try PaymentRules.record(tx, id)
            try PaymentRules.flag(tx, record: &record, source: source, detail: detail, at: time)
        }
    }

    public func appendAudit(_ record: AuditRecord) async throws(StoreError) -> AuditRecord {
        try await transaction { tx in
            var stored = record
            stored.id = try tx.insert(record)
            return stored
        }
    }

    /// Writes every posting, and the balances of the accounts they touch, in one transaction: all of them are
    /// durable when this returns, or none is. Returns the transfers' ids in the order given. A posting whose two
    /// accounts are the same refuses the whole batch (`conflict`) before anything is written.
    @discardableResult
    public func post(_ postings: [LedgerPosting], at time: Date = Date()) async throws(StoreError) -> [Int64] {
        try await transaction { tx in try LedgerRules.post(tx, postings, at: time) }
    }
}

/// A posted transfer between two named accounts, outside any payment: an operator's adjustment, a fee sweep, or a
/// bulk import. Accounts are created with zero balances on first use.
public struct LedgerPosting: Sendable, Equatable {
    public var debitAccount: String
    public var creditAccount: String
    public var amount: Money
    public var paymentID: PaymentID?

    public init(debitAccount: String, creditAccount: String, amount: Money, paymentID: PaymentID? = nil) {
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.paymentID = paymentID
    }
}
