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

    public func apply(_ input: PaymentInput, to paymentID: PaymentID, source: String, at time: Date) async throws(StoreError) -> ApplyResult {
        try await write { db in try Self.apply(db, input, to: paymentID, source: source, at: time) }
    }

    /// The state machine's decision for one input, written inside the caller's transaction.
    static func apply(_ db: Database, _ input: PaymentInput, to paymentID: PaymentID, source: String, at time: Date) throws -> ApplyResult {
            guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            var payment = try Self.payment(row)
            let decision = PaymentStateMachine.decide(kind: payment.kind, state: payment.state, input: input)
            let millis = Timestamp.millis(time)
            switch input {
            case .providerResult(let result):
                try Self.updateCurrentAttempt(db, payment: payment, result: result, millis: millis)
            case .outcomeUnknown:
                try Self.updateCurrentAttempt(db, payment: payment, result: .pending(providerTransactionID: nil), millis: millis)
            case .notSentAnywhere, .reversal:
                break
            }
            switch decision {
            case .transition(let state, let ledger, let event, let failure):
                try SQLiteLedger.perform(ledger, db, payment: payment, at: time)
                payment.state = state
                payment.failure = failure ?? payment.failure
                payment.updatedAt = time
                try db.cachedStatement(sql: """
                    UPDATE payments SET state = ?, failure_reason = ?, failure_code = ?, failure_message = ?, updated_at = ?
                    WHERE id = ?
                    """).execute(arguments: [state.rawValue, payment.failure?.reason.rawValue, payment.failure?.providerCode,
                                     payment.failure?.message, millis, paymentID.rawValue])
                try Self.enqueue(db, event: event, payment: payment, at: time)
            case .anomaly(let detail):
                try db.cachedStatement(sql: "INSERT INTO anomalies (payment_id, source, detail, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [paymentID.rawValue, source, detail, millis])
            case .unchanged, .rejected:
                break
            }
            return ApplyResult(payment: payment, decision: decision)
    }

    static func updateCurrentAttempt(_ db: Database, payment: Payment, result: ProviderResult, millis: Int64) throws {
        let status: PaymentAttempt.Status = switch result {
        case .pending: .pending
        case .succeeded: .succeeded
        case .failed: .failed
        }
        try db.cachedStatement(sql: """
            UPDATE attempts SET status = CASE WHEN status IN ('succeeded', 'failed') THEN status ELSE ? END,
                provider_transaction_id = COALESCE(provider_transaction_id, ?), updated_at = ?
            WHERE payment_id = ? AND reference = ?
            """).execute(arguments: [status.rawValue, result.providerTransactionID, millis, payment.id.rawValue, payment.providerReference])
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

    public func addAttempt(to paymentID: PaymentID, provider: ProviderID, reference: String, at time: Date) async throws(StoreError) -> Payment {
        try await write { db in
            let millis = Timestamp.millis(time)
            guard var payment = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(Self.paymentColumns) FROM payments WHERE id = ?"), arguments: [paymentID.rawValue]).map(Self.payment) else {
                throw StoreError(.notFound, "no payment \(paymentID)")
            }
            guard payment.state == .created else { throw StoreError(.corrupt, "only a payment never sent can be retried elsewhere") }
            let number = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(number) FROM attempts WHERE payment_id = ?"), arguments: [paymentID.rawValue]) ?? 0
            try db.cachedStatement(sql: """
                INSERT INTO attempts (payment_id, number, provider, reference, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'sending', ?, ?)
                """).execute(arguments: [paymentID.rawValue, number + 1, provider.rawValue, reference, millis, millis])
            try db.cachedStatement(sql: "UPDATE payments SET provider = ?, provider_reference = ?, updated_at = ? WHERE id = ?").execute(arguments: [provider.rawValue, reference, millis, paymentID.rawValue])
            payment.provider = provider
            payment.providerReference = reference
            payment.updatedAt = time
            return payment
        }
    }

    public func markAttemptNotSent(_ paymentID: PaymentID, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE attempts SET status = 'not_sent', updated_at = ?
                WHERE payment_id = ? AND number = (SELECT MAX(number) FROM attempts WHERE payment_id = ?) AND status = 'sending'
                """).execute(arguments: [Timestamp.millis(time), paymentID.rawValue, paymentID.rawValue])
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

    public func setNeedsReview(_ id: PaymentID, at time: Date) async throws(StoreError) {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE payments SET needs_review = 1 WHERE id = ? AND state IN ('created', 'pending')").execute(arguments: [id.rawValue])
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
