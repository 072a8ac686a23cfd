import Foundation
import GRDB

extension SQLiteStore {
    public func createPayment(_ draft: PaymentDraft) async throws(StoreError) -> CreatePaymentResult {
        // Encoded before the write, so the shared writer only inserts.
        let payment = Payment(
            id: draft.id, kind: draft.kind, walletID: draft.walletID, amount: draft.amount,
            counterparty: draft.counterparty, state: .created, idempotencyKey: draft.idempotencyKey,
            provider: draft.provider, providerReference: draft.reference, routing: draft.routing, metadata: draft.metadata,
            createdAt: draft.createdAt, updatedAt: draft.createdAt)
        let metadata: String
        do { metadata = draft.metadata.isEmpty ? "{}" : String(decoding: try JSONEncoder().encode(draft.metadata), as: UTF8.self) } catch {
            throw StoreError(.database, "cannot encode the payment's metadata")
        }
        return try await write { db in
            if let existing = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns), request_hash FROM payments WHERE idempotency_key = ?"),
                                               arguments: [draft.idempotencyKey]) {
                guard existing["request_hash"] == draft.requestHash else {
                    throw StoreError(.idempotencyConflict, "the idempotency key was already used with other parameters")
                }
                return .existing(try Self.payment(existing))
            }
            let now = Timestamp.millis(draft.createdAt)
            try db.cachedStatement(sql: """
                INSERT INTO payments (id, kind, wallet_id, amount, currency, counterparty, state, idempotency_key,
                    request_hash, provider, provider_reference, metadata, created_at, updated_at, next_poll_at, routing)
                VALUES (?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [draft.id.rawValue, draft.kind.rawValue, draft.walletID.rawValue, draft.amount.minorUnits,
                                 draft.amount.currency.code, draft.counterparty.storageValue, draft.idempotencyKey,
                                 draft.requestHash, draft.provider.rawValue, draft.reference, metadata, now, now,
                                 Timestamp.millis(draft.firstPollAt), payment.routingJSON])
            try db.cachedStatement(sql: """
                INSERT INTO attempts (payment_id, number, provider, reference, status, created_at, updated_at)
                VALUES (?, 1, ?, ?, 'sending', ?, ?)
                """).execute(arguments: [draft.id.rawValue, draft.provider.rawValue, draft.reference, now, now])
            if draft.kind == .withdrawal {
                try SQLiteLedger.hold(db, payment: payment, at: draft.createdAt)
            }
            return .created(payment)
        }
    }

    public func apply(_ input: PaymentInput, to paymentID: PaymentID, attempt: String?, source: String, at time: Date,
                      nextPollAt: Date?) async throws(StoreError) -> ApplyResult {
        try await write { db in try Self.apply(db, input, to: paymentID, attempt: attempt, source: source, at: time, nextPollAt: nextPollAt) }
    }

    /// The state machine's decision for one input, written inside the caller's transaction.
    static func apply(_ db: Database, _ input: PaymentInput, to paymentID: PaymentID, attempt: String? = nil, source: String,
                      at time: Date, nextPollAt: Date? = nil) throws -> ApplyResult {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]) else {
            throw StoreError(.notFound, "no payment \(paymentID)")
        }
        var payment = try Self.payment(row)
        let millis = Timestamp.millis(time)
        if let attempt, attempt != payment.providerReference,
           let stale = try Row.fetchOne(db.cachedStatement(sql: """
               SELECT reference, number, provider FROM attempts WHERE payment_id = ? AND (reference = ? OR provider_transaction_id = ?)
               """), arguments: [paymentID.rawValue, attempt, attempt]),
           stale["reference"] as String != payment.providerReference {
            return try applyToStaleAttempt(db, input, payment: &payment, attempt: stale, source: source, at: time)
        }
        let decision = PaymentStateMachine.decide(kind: payment.kind, state: payment.state, input: input)
        switch input {
        case .providerResult(let result):
            try Self.updateAttempt(db, payment: payment, reference: payment.providerReference, result: result, millis: millis)
        case .outcomeUnknown:
            try Self.updateAttempt(db, payment: payment, reference: payment.providerReference, result: .pending(providerTransactionID: nil), millis: millis)
        case .notSentAnywhere, .reversal, .resolution:
            break
        }
        switch decision {
        case .transition(let state, let ledger, let event, let failure):
            try SQLiteLedger.perform(ledger, db, payment: payment, at: time)
            if ledger == .reverse {
                payment.refundState = try String.fetchOne(db.cachedStatement(sql: "SELECT refund_state FROM payments WHERE id = ?"),
                                                          arguments: [paymentID.rawValue])
            }
            payment.state = state
            payment.failure = state == .failed ? failure ?? payment.failure : nil
            payment.updatedAt = time
            try db.cachedStatement(sql: """
                UPDATE payments SET state = ?, failure_reason = ?, failure_code = ?, failure_message = ?, updated_at = ?,
                    next_poll_at = COALESCE(?, next_poll_at)
                WHERE id = ?
                """).execute(arguments: [state.rawValue, payment.failure?.reason.rawValue, payment.failure?.providerCode,
                                 payment.failure?.message, millis, nextPollAt.map(Timestamp.millis), paymentID.rawValue])
            try Self.enqueue(db, event: event, payment: payment, at: time)
            if state == .succeeded { try reapplyHeldNotifications(db, payment: &payment, at: time) }
        case .anomaly(let detail):
            try flag(db, payment: &payment, source: source, detail: detail, at: time)
        case .unchanged, .rejected:
            if let nextPollAt, !payment.state.isFinal {
                try db.cachedStatement(sql: "UPDATE payments SET next_poll_at = ? WHERE id = ?").execute(arguments: [Timestamp.millis(nextPollAt), paymentID.rawValue])
            }
        }
        return ApplyResult(payment: payment, decision: decision)
    }

    /// An input about an attempt the payment has moved on from (it failed over after that attempt was found not
    /// sent): only that attempt's row learns it. If it says money moved there, the payment is flagged: the
    /// provider may have acted on a request the hub believed never arrived.
    private static func applyToStaleAttempt(_ db: Database, _ input: PaymentInput, payment: inout Payment, attempt: Row, source: String,
                                            at time: Date) throws -> ApplyResult {
        let reference: String = attempt["reference"]
        guard case .providerResult(let result) = input else { return ApplyResult(payment: payment, decision: .unchanged) }
        try updateAttempt(db, payment: payment, reference: reference, result: result, millis: Timestamp.millis(time))
        guard case .succeeded = result else { return ApplyResult(payment: payment, decision: .unchanged) }
        let detail = "attempt \(attempt["number"] as Int) at \(attempt["provider"] as String) reported success, "
            + "but the payment had moved on to \(payment.provider) after that attempt was found not sent"
        try flag(db, payment: &payment, source: source, detail: detail, at: time)
        return ApplyResult(payment: payment, decision: .anomaly(detail))
    }

    /// Records an anomaly and, the first time, flags the payment for review and tells the wallet. Moves no money.
    static func flag(_ db: Database, payment: inout Payment, source: String, detail: String, at time: Date) throws {
        let millis = Timestamp.millis(time)
        try db.cachedStatement(sql: "INSERT INTO anomalies (payment_id, source, detail, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [payment.id.rawValue, source, detail, millis])
        guard !payment.needsReview else { return }
        try db.cachedStatement(sql: "UPDATE payments SET needs_review = 1, updated_at = ? WHERE id = ?").execute(arguments: [millis, payment.id.rawValue])
        payment.needsReview = true
        payment.updatedAt = time
        try enqueue(db, event: .needsReview, payment: payment, at: time)
    }

    /// Applies the payment's held notifications that its new state now allows, oldest first. Only a reversal is
    /// ever held (the state machine rejects a reversal of a payment not yet succeeded; nothing else a
    /// notification carries is rejected), so a held row is read back as `.reversal`.
    private static func reapplyHeldNotifications(_ db: Database, payment: inout Payment, at time: Date) throws {
        let held = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, provider FROM webhook_inbox WHERE payment_id = ? AND status = 'held' AND event = 'reversed' ORDER BY id
            """), arguments: [payment.id.rawValue])
        for row in held where payment.state == .succeeded {
            let result = try apply(db, .reversal, to: payment.id, source: "\(row["provider"] as String):notification (held)", at: time)
            payment = result.payment
            try db.cachedStatement(sql: "UPDATE webhook_inbox SET status = 'applied' WHERE id = ?").execute(arguments: [row["id"] as Int64])
        }
    }

    static func updateAttempt(_ db: Database, payment: Payment, reference: String, result: ProviderResult, millis: Int64) throws {
        let status: PaymentAttempt.Status = switch result {
        case .pending: .pending
        case .succeeded: .succeeded
        case .failed: .failed
        }
        try db.cachedStatement(sql: """
            UPDATE attempts SET status = CASE WHEN status IN ('succeeded', 'failed') THEN status ELSE ? END,
                provider_transaction_id = COALESCE(provider_transaction_id, ?), updated_at = ?
            WHERE payment_id = ? AND reference = ?
            """).execute(arguments: [status.rawValue, result.providerTransactionID, millis, payment.id.rawValue, reference])
    }

    static func enqueue(_ db: Database, event: PaymentEventType, payment: Payment, at time: Date) throws {
        let eventID = EventJSON.eventID()
        let envelope = PaymentEventEnvelope(id: eventID, type: event.rawValue, createdAt: Timestamp.iso8601(time),
                                            data: PaymentResource(payment, includingRouting: false))
        let millis = Timestamp.millis(time)
        try db.cachedStatement(sql: """
            INSERT INTO outbox (event_id, payment_id, type, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [eventID, payment.id.rawValue, event.rawValue, try EventJSON.encode(envelope), millis, millis])
    }

    public func addAttempt(to paymentID: PaymentID, after: String, provider: ProviderID, reference: String, at time: Date,
                           leaseUntil: Date) async throws(StoreError) -> Payment {
        try await write { db in
            let millis = Timestamp.millis(time)
            guard var payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            guard payment.state == .created, payment.providerReference == after else {
                throw StoreError(.conflict, "only a payment never sent can be retried elsewhere")
            }
            let number = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(number) FROM attempts WHERE payment_id = ?"), arguments: [paymentID.rawValue]) ?? 0
            try db.cachedStatement(sql: """
                INSERT INTO attempts (payment_id, number, provider, reference, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'sending', ?, ?)
                """).execute(arguments: [paymentID.rawValue, number + 1, provider.rawValue, reference, millis, millis])
            try db.cachedStatement(sql: "UPDATE payments SET provider = ?, provider_reference = ?, updated_at = ?, next_poll_at = ? WHERE id = ?")
                .execute(arguments: [provider.rawValue, reference, millis, Timestamp.millis(leaseUntil), paymentID.rawValue])
            payment.provider = provider
            payment.providerReference = reference
            payment.updatedAt = time
            if payment.kind == .withdrawal { try SQLiteLedger.moveHold(db, payment: payment, at: time) }
            return payment
        }
    }

    public func markAttemptNotSent(_ paymentID: PaymentID, reference: String, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE attempts SET status = 'not_sent', updated_at = ?
                WHERE payment_id = ? AND reference = ? AND status = 'sending'
                  AND EXISTS (SELECT 1 FROM payments WHERE id = ? AND state = 'created' AND provider_reference = ?)
                """).execute(arguments: [Timestamp.millis(time), paymentID.rawValue, reference, paymentID.rawValue, reference])
            return db.changesCount == 1
        }
    }

    public func beginResend(_ paymentID: PaymentID, reference: String, at time: Date, leaseUntil: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE payments SET next_poll_at = ? WHERE id = ? AND state = 'created' AND provider_reference = ?")
                .execute(arguments: [Timestamp.millis(leaseUntil), paymentID.rawValue, reference])
            guard db.changesCount == 1 else { return false }
            try db.cachedStatement(sql: "UPDATE attempts SET sent_at = ? WHERE payment_id = ? AND reference = ?")
                .execute(arguments: [Timestamp.millis(time), paymentID.rawValue, reference])
            return true
        }
    }

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

    public func flagForReview(_ id: PaymentID, source: String, detail: String, at time: Date) async throws(StoreError) {
        try await write { db in
            guard var payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [id.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(id)")
            }
            try Self.flag(db, payment: &payment, source: source, detail: detail, at: time)
        }
    }
}

/// The body of an event sent to the wallet backend.
public struct PaymentEventEnvelope: Codable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var createdAt: String
    public var data: PaymentResource

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }
}
