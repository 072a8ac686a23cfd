import Foundation
import HubKit

/// Every STK push, B2C payment and status query the simulator accepted, the shortcode's collections and the B2C
/// float.
///
/// Settlement is lazy and deterministic, as in the other simulators: a transaction whose delay has passed reaches
/// its final state the next time anything reads the ledger, in the order the transactions fell due, so the float and
/// ResultCode 1 decisions never depend on task scheduling.
actor MPesaLedger {
    private struct PushEntry {
        var push: MPesaSimulatedSTKPush
        /// The ResultCode the push ends with.
        let outcome: MPesaResultCode
        let dueAt: ContinuousClock.Instant?
        let sequence: Int
    }

    private struct PaymentEntry {
        var payment: MPesaSimulatedB2CPayment
        /// A failure decided when the payment was accepted; `nil` succeeds if the float allows.
        let failure: MPesaResultCode?
        let dueAt: ContinuousClock.Instant
        let sequence: Int
    }

    private var pushes: [String: PushEntry] = [:]
    private var payments: [String: PaymentEntry] = [:]
    /// `OriginatorConversationID` → `ConversationID` of B2C payments.
    private var originators: [String: String] = [:]
    private var queries: [String: MPesaSimulatedStatusQuery] = [:]
    private var sequence = 0
    private var float: Money
    private var collected: Money
    private let settleDelay: Duration
    private let resultDelay: Duration

    init(float: Money, settleDelay: Duration, resultDelay: Duration) {
        self.float = float
        // Zero minor units is never refused.
        self.collected = try! Money(minorUnits: 0, currency: .KES)
        self.settleDelay = settleDelay
        self.resultDelay = resultDelay
    }

    /// Records an accepted push; returns when it falls due (`nil` for one that stays pending).
    func record(_ push: MPesaSimulatedSTKPush, outcome: MPesaResultCode, pendingForever: Bool) -> ContinuousClock.Instant? {
        let dueAt: ContinuousClock.Instant? = pendingForever ? nil : .now + settleDelay
        pushes[push.checkoutRequestID] = PushEntry(push: push, outcome: outcome, dueAt: dueAt, sequence: nextSequence())
        return dueAt
    }

    /// Records an accepted B2C payment, or refuses it when its `OriginatorConversationID` is taken.
    func record(_ payment: MPesaSimulatedB2CPayment, failure: MPesaResultCode?) -> ContinuousClock.Instant? {
        settleDue()
        guard originators[payment.originatorConversationID] == nil else { return nil }
        let dueAt = ContinuousClock.now + resultDelay
        originators[payment.originatorConversationID] = payment.conversationID
        payments[payment.conversationID] = PaymentEntry(payment: payment, failure: failure, dueAt: dueAt, sequence: nextSequence())
        return dueAt
    }

    func record(_ query: MPesaSimulatedStatusQuery) {
        queries[query.conversationID] = query
    }

    func push(_ checkoutRequestID: String) -> MPesaSimulatedSTKPush? {
        settleDue()
        return pushes[checkoutRequestID]?.push
    }

    func payment(_ conversationID: String) -> MPesaSimulatedB2CPayment? {
        settleDue()
        return payments[conversationID]?.payment
    }

    func query(_ conversationID: String) -> MPesaSimulatedStatusQuery? {
        queries[conversationID]
    }

    /// What a Transaction Status query names: a receipt (of a push or a payment), a payment's `TransactionID`
    /// (failures have one too), or a payment's `OriginatorConversationID` or `ConversationID`.
    func statusTarget(transactionID: String?, originalConversationID: String?) -> MPesaStatusTarget? {
        settleDue()
        if let id = transactionID {
            if let push = pushes.values.first(where: { $0.push.receipt == id })?.push { return .stkPush(push) }
            if let payment = payments.values.first(where: { $0.payment.transactionID == id })?.payment { return .b2c(payment) }
        }
        if let id = originalConversationID, let conversation = originators[id] ?? (payments[id] != nil ? id : nil),
           let payment = payments[conversation]?.payment {
            return .b2c(payment)
        }
        return nil
    }

    func pushes(since: Date?) -> [MPesaSimulatedSTKPush] {
        settleDue()
        return pushes.values.sorted { $0.sequence < $1.sequence }.map(\.push)
            .filter { push in since.map { push.createdAt >= $0 } ?? true }
    }

    func payments(since: Date?) -> [MPesaSimulatedB2CPayment] {
        settleDue()
        return payments.values.sorted { $0.sequence < $1.sequence }.map(\.payment)
            .filter { payment in since.map { payment.createdAt >= $0 } ?? true }
    }

    /// What is left of the B2C float, and what the STK shortcode collected.
    func balances() -> (float: Money, collected: Money) {
        settleDue()
        return (float, collected)
    }

    func append(_ notification: MPesaNotification, toPush checkoutRequestID: String) {
        pushes[checkoutRequestID]?.push.notifications.append(notification)
    }

    func append(_ notification: MPesaNotification, toPayment conversationID: String) {
        payments[conversationID]?.payment.notifications.append(notification)
    }

    func append(_ notification: MPesaNotification, toQuery conversationID: String) {
        queries[conversationID]?.notifications.append(notification)
    }

    private func nextSequence() -> Int {
        sequence += 1
        return sequence
    }

    private func settleDue() {
        let now = ContinuousClock.now
        var due: [(at: ContinuousClock.Instant, sequence: Int, push: String?, payment: String?)] = []
        for (id, entry) in pushes where entry.push.status == .pending {
            if let at = entry.dueAt, at <= now { due.append((at, entry.sequence, id, nil)) }
        }
        for (id, entry) in payments where entry.payment.status == .pending && entry.dueAt <= now {
            due.append((entry.dueAt, entry.sequence, nil, id))
        }
        for item in due.sorted(by: { ($0.at, $0.sequence) < ($1.at, $1.sequence) }) {
            if let id = item.push { settlePush(id) }
            if let id = item.payment { settlePayment(id) }
        }
    }

    private func settlePush(_ id: String) {
        guard var entry = pushes[id] else { return }
        entry.push.completedAt = entry.push.createdAt.addingTimeInterval(Self.seconds(settleDelay))
        entry.push.result = entry.outcome
        if entry.outcome.isSuccess, let total = try? collected + entry.push.amount {
            collected = total
            entry.push.status = .completed
            entry.push.receipt = MPesaIdentifiers.receipt()
        } else {
            entry.push.status = .failed
        }
        pushes[id] = entry
    }

    private func settlePayment(_ id: String) {
        guard var entry = payments[id] else { return }
        entry.payment.completedAt = entry.payment.createdAt.addingTimeInterval(Self.seconds(resultDelay))
        entry.payment.transactionID = MPesaIdentifiers.receipt()
        if let failure = entry.failure {
            entry.payment.status = .failed
            entry.payment.result = failure
        } else if let left = try? float - entry.payment.amount {
            float = left
            entry.payment.status = .completed
            entry.payment.result = .success
            entry.payment.receipt = entry.payment.transactionID
        } else {
            entry.payment.status = .failed
            entry.payment.result = .insufficientBalance
        }
        entry.payment.floatAfter = float
        payments[id] = entry
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}

/// The transaction a Transaction Status query found.
enum MPesaStatusTarget: Sendable {
    case stkPush(MPesaSimulatedSTKPush)
    case b2c(MPesaSimulatedB2CPayment)
}
