import Foundation

/// How a payment's inputs become writes, for every store: the state machine's decision applied with its ledger
/// bookings, its event and its anomalies, in the caller's transaction.
enum PaymentRules {
    static func record(_ tx: some StoreTransaction, _ id: PaymentID) throws -> PaymentRecord {
        guard let record = try tx.payment(id) else { throw StoreError(.notFound, "no payment \(id)") }
        return record
    }

    /// A new payment and its first attempt; a withdrawal's hold is placed with the balance checked. A repeat of the
    /// idempotency key returns the payment it created, or is a conflict if the parameters differ.
    static func create(_ tx: some StoreTransaction, _ draft: PaymentDraft) throws -> CreatePaymentResult {
        if let existing = try tx.payment(idempotencyKey: draft.idempotencyKey) {
            guard existing.requestHash == draft.requestHash else {
                throw StoreError(.idempotencyConflict, "the idempotency key was already used with other parameters")
            }
            return .existing(existing.payment)
        }
        let payment = Payment(
            id: draft.id, kind: draft.kind, walletID: draft.walletID, amount: draft.amount,
            counterparty: draft.counterparty, state: .created, idempotencyKey: draft.idempotencyKey,
            provider: draft.provider, providerReference: draft.reference, routing: draft.routing, metadata: draft.metadata,
            createdAt: draft.createdAt, updatedAt: draft.createdAt)
        try tx.insert(PaymentRecord(payment: payment, requestHash: draft.requestHash, nextPollAt: draft.firstPollAt))
        try tx.insert(PaymentAttempt(paymentID: draft.id, number: 1, provider: draft.provider, reference: draft.reference,
                                     status: .sending, createdAt: draft.createdAt, updatedAt: draft.createdAt))
        if draft.kind == .withdrawal { try LedgerRules.hold(tx, payment: payment, at: draft.createdAt) }
        return .created(payment)
    }

    /// The state machine's decision for one input, written inside the caller's transaction. `attempt` names the
    /// attempt the input speaks of; an input about an attempt the payment moved on from only updates that attempt.
    static func apply(_ tx: some StoreTransaction, _ input: PaymentInput, to paymentID: PaymentID, attempt: String? = nil,
                      source: String, at time: Date, nextPollAt: Date? = nil) throws -> ApplyResult {
        var record = try record(tx, paymentID)
        let attempts = try tx.attempts(of: paymentID)
        if let attempt, attempt != record.payment.providerReference,
           let stale = attempts.first(where: { $0.reference == attempt || $0.providerTransactionID == attempt }),
           stale.reference != record.payment.providerReference {
            return try applyToStaleAttempt(tx, input, record: &record, attempt: stale, source: source, at: time)
        }
        let decision = PaymentStateMachine.decide(kind: record.payment.kind, state: record.payment.state, input: input)
        switch input {
        case .providerResult(let result):
            try learn(tx, result, attempts: attempts, reference: record.payment.providerReference, at: time)
        case .outcomeUnknown:
            try learn(tx, .pending(providerTransactionID: nil), attempts: attempts, reference: record.payment.providerReference, at: time)
        case .notSentAnywhere, .reversal, .resolution:
            break
        }
        switch decision {
        case .transition(let state, let ledger, let event, let failure):
            try LedgerRules.perform(ledger, tx, record: &record, at: time)
            record.payment.state = state
            record.payment.failure = state == .failed ? failure ?? record.payment.failure : nil
            record.payment.updatedAt = time
            if let nextPollAt { record.nextPollAt = nextPollAt }
            try tx.update(record)
            try enqueue(tx, event, payment: record.payment, at: time)
            if state == .succeeded { try reapplyHeldNotifications(tx, record: &record, at: time) }
        case .anomaly(let detail):
            try flag(tx, record: &record, source: source, detail: detail, at: time)
        case .unchanged, .rejected:
            if let nextPollAt, !record.payment.state.isFinal {
                record.nextPollAt = nextPollAt
                try tx.update(record)
            }
        }
        return ApplyResult(payment: record.payment, decision: decision)
    }

    /// An input about an attempt the payment has moved on from (it failed over after that attempt was found not
    /// sent): only that attempt learns it. If it says money moved there, the payment is flagged: the provider may
    /// have acted on a request the hub believed never arrived.
    private static func applyToStaleAttempt(_ tx: some StoreTransaction, _ input: PaymentInput, record: inout PaymentRecord,
                                            attempt: PaymentAttempt, source: String, at time: Date) throws -> ApplyResult {
        guard case .providerResult(let result) = input else { return ApplyResult(payment: record.payment, decision: .unchanged) }
        try learn(tx, result, attempts: [attempt], reference: attempt.reference, at: time)
        guard case .succeeded = result else { return ApplyResult(payment: record.payment, decision: .unchanged) }
        let detail = "attempt \(attempt.number) at \(attempt.provider) reported success, "
            + "but the payment had moved on to \(record.payment.provider) after that attempt was found not sent"
        try flag(tx, record: &record, source: source, detail: detail, at: time)
        return ApplyResult(payment: record.payment, decision: .anomaly(detail))
    }

    /// What an answer teaches the attempt `reference`: its status, unless already final, and the provider's
    /// transaction id, the first one given.
    private static func learn(_ tx: some StoreTransaction, _ result: ProviderResult, attempts: [PaymentAttempt], reference: String,
                              at time: Date) throws {
        guard var attempt = attempts.first(where: { $0.reference == reference }) else { return }
        if attempt.status != .succeeded, attempt.status != .failed {
            attempt.status = switch result {
            case .pending: .pending
            case .succeeded: .succeeded
            case .failed: .failed
            }
        }
        attempt.providerTransactionID = attempt.providerTransactionID ?? result.providerTransactionID
        attempt.updatedAt = time
        try tx.update(attempt)
    }

    /// Records an anomaly and, the first time, flags the payment for review and tells the wallet. Moves no money.
    static func flag(_ tx: some StoreTransaction, record: inout PaymentRecord, source: String, detail: String, at time: Date) throws {
        try tx.insert(Anomaly(paymentID: record.payment.id, source: source, detail: detail, createdAt: time))
        guard !record.payment.needsReview else { return }
        record.payment.needsReview = true
        record.payment.updatedAt = time
        try tx.update(record)
        try enqueue(tx, .needsReview, payment: record.payment, at: time)
    }

    /// Applies the payment's held notifications that its new state now allows, oldest first. Only a reversal is
    /// ever held (the state machine rejects a reversal of a payment not yet succeeded; nothing else a notification
    /// carries is rejected).
    private static func reapplyHeldNotifications(_ tx: some StoreTransaction, record: inout PaymentRecord, at time: Date) throws {
        for held in try tx.heldReversals(of: record.payment.id) where record.payment.state == .succeeded {
            _ = try apply(tx, .reversal, to: record.payment.id, source: "\(held.provider):notification (held)", at: time)
            record = try self.record(tx, record.payment.id)
            try tx.updateInbox(held.id, status: .applied, detail: nil)
        }
    }

    static func enqueue(_ tx: some StoreTransaction, _ event: PaymentEventType, payment: Payment, at time: Date) throws {
        let eventID = EventJSON.eventID()
        let envelope = PaymentEventEnvelope(id: eventID, type: event.rawValue, createdAt: Timestamp.iso8601(time),
                                            data: PaymentResource(payment, includingRouting: false))
        try tx.insert(OutboxDraft(eventID: eventID, paymentID: payment.id, type: event, payload: try EventJSON.encode(envelope), createdAt: time))
    }

    /// A new attempt at another provider after the attempt `after` was not sent, with a withdrawal's hold moved to
    /// the new provider's clearing account.
    static func addAttempt(_ tx: some StoreTransaction, to paymentID: PaymentID, after: String, provider: ProviderID, reference: String,
                           at time: Date, leaseUntil: Date) throws -> Payment {
        var record = try record(tx, paymentID)
        guard record.payment.state == .created, record.payment.providerReference == after else {
            throw StoreError(.conflict, "only a payment never sent can be retried elsewhere")
        }
        let number = (try tx.attempts(of: paymentID).map(\.number).max() ?? 0) + 1
        try tx.insert(PaymentAttempt(paymentID: paymentID, number: number, provider: provider, reference: reference, status: .sending,
                                     createdAt: time, updatedAt: time))
        record.payment.provider = provider
        record.payment.providerReference = reference
        record.payment.updatedAt = time
        record.nextPollAt = leaseUntil
        try tx.update(record)
        if record.payment.kind == .withdrawal { try LedgerRules.moveHold(tx, payment: record.payment, at: time) }
        return record.payment
    }

    /// Marks the attempt not sent, if it is still the payment's current one being sent.
    static func markNotSent(_ tx: some StoreTransaction, _ paymentID: PaymentID, reference: String, at time: Date) throws -> Bool {
        guard let record = try tx.payment(paymentID), record.payment.state == .created, record.payment.providerReference == reference,
              var attempt = try tx.attempts(of: paymentID).first(where: { $0.reference == reference }), attempt.status == .sending else {
            return false
        }
        attempt.status = .notSent
        attempt.updatedAt = time
        try tx.update(attempt)
        return true
    }

    /// Takes the send lease of a payment still `created` under `reference`, and records when its request left.
    static func beginResend(_ tx: some StoreTransaction, _ paymentID: PaymentID, reference: String, at time: Date,
                            leaseUntil: Date) throws -> Bool {
        guard var record = try tx.payment(paymentID), record.payment.state == .created, record.payment.providerReference == reference else {
            return false
        }
        record.nextPollAt = leaseUntil
        try tx.update(record)
        if var attempt = try tx.attempts(of: paymentID).first(where: { $0.reference == reference }) {
            attempt.sentAt = time
            try tx.update(attempt)
        }
        return true
    }
}
