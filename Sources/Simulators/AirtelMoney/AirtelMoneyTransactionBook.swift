import Foundation
import HubKit

/// Every transaction the simulator accepted, and what is left of the disbursement float.
///
/// A transaction is recorded with its whole timeline (`TIP` now, `TS` after `settleDelay`, …); reading the book
/// applies every step that has fallen due, so answers never depend on task scheduling. Collection and
/// disbursement ids are separate namespaces, as the two products are; a refund is known by its `airtel_money_id`.
actor AirtelMoneyTransactionBook {
    /// One step of a timeline: from `at` on, the transaction stands at `status` with `code`.
    struct Step: Sendable {
        let at: ContinuousClock.Instant
        let status: AirtelMoneyTransactionStatus
        let code: AirtelMoneyResponseCode
    }

    /// A payment as its POST was accepted, before it is recorded.
    struct Submission: Sendable {
        let id: String
        let kind: AirtelMoneyTransactionKind
        let msisdn: String
        let country: String
        let amount: Money
        let reference: String
        let apiVersion: String
        let disbursementType: String?
        let scenario: AirtelMoneyScenario
    }

    enum RecordOutcome: Sendable {
        /// The `transaction.id` is taken already.
        case duplicate
        /// Recorded, standing at its first step; `finalAt` is when it reaches its final state (`nil`: never).
        case recorded(AirtelMoneySimulatedTransaction, finalAt: ContinuousClock.Instant?)
    }

    enum RefundOutcome: Sendable {
        case unknownTransaction
        case notRefundable(AirtelMoneyTransactionStatus)
        case alreadyRefunded
        case refunded(AirtelMoneySimulatedTransaction)
    }

    private struct Entry {
        var transaction: AirtelMoneySimulatedTransaction
        var pending: [Step]
        let sequence: Int
    }

    private var entries: [String: Entry] = [:]
    private var byAirtelMoneyID: [String: String] = [:]
    private var float: [Currency: Money] = [:]
    private var nextNumber = 1
    private let settleDelay: Duration
    private let ambiguousDelay: Duration

    init(settleDelay: Duration, ambiguousDelay: Duration, disbursementFloat: [Money]) {
        self.settleDelay = settleDelay
        self.ambiguousDelay = max(ambiguousDelay, settleDelay)
        for amount in disbursementFloat { float[amount.currency] = amount }
    }

    func record(_ submission: Submission) -> RecordOutcome {
        let key = Self.key(submission.kind, submission.id)
        guard entries[key] == nil else { return .duplicate }
        let now = ContinuousClock.now
        var steps = timeline(of: submission, from: now)
        if submission.kind == .disbursement, steps.last?.status != .failed, !takeFromFloat(submission.amount) {
            steps = [Step(at: now, status: .failed, code: .disbursementInsufficientFunds)]
        }
        let first = steps.removeFirst()
        let transaction = AirtelMoneySimulatedTransaction(
            id: submission.id, kind: submission.kind, airtelMoneyID: makeAirtelMoneyID(submission.kind), msisdn: submission.msisdn,
            country: submission.country, amount: submission.amount, reference: submission.reference,
            apiVersion: submission.apiVersion, disbursementType: submission.disbursementType, createdAt: Date(),
            status: first.status, responseCode: first.code, finishedAt: first.status.isFinal ? Date() : nil,
            refundAirtelMoneyID: nil, refundedAirtelMoneyID: nil, callbacks: []
        )
        entries[key] = Entry(transaction: transaction, pending: steps, sequence: entries.count)
        byAirtelMoneyID[transaction.airtelMoneyID] = key
        let finalAt = first.status.isFinal ? now : steps.last.flatMap { $0.status.isFinal ? $0.at : nil }
        return .recorded(transaction, finalAt: finalAt)
    }

    /// Pays back a collection in full, at once, if it succeeded and was not refunded before; `apiVersion` is the
    /// refund call's (`v1` or `v2`).
    func refund(collection airtelMoneyID: String, apiVersion: String) -> RefundOutcome {
        settleDue()
        guard let key = byAirtelMoneyID[airtelMoneyID], let collection = entries[key]?.transaction, collection.kind == .collection else {
            return .unknownTransaction
        }
        guard collection.status == .success else { return .notRefundable(collection.status) }
        guard collection.refundAirtelMoneyID == nil else { return .alreadyRefunded }
        let refundID = makeAirtelMoneyID(.refund)
        let refund = AirtelMoneySimulatedTransaction(
            id: refundID, kind: .refund, airtelMoneyID: refundID, msisdn: collection.msisdn, country: collection.country,
            amount: collection.amount, reference: collection.id, apiVersion: apiVersion, disbursementType: nil,
            createdAt: Date(), status: .success, responseCode: .collectionSuccess, finishedAt: Date(),
            refundAirtelMoneyID: nil, refundedAirtelMoneyID: collection.airtelMoneyID, callbacks: []
        )
        let refundKey = Self.key(.refund, refundID)
        entries[refundKey] = Entry(transaction: refund, pending: [], sequence: entries.count)
        byAirtelMoneyID[refundID] = refundKey
        entries[key]?.transaction.refundAirtelMoneyID = refundID
        return .refunded(refund)
    }

    /// One transaction in its current state; `nil` if unknown.
    func transaction(_ id: String, kind: AirtelMoneyTransactionKind) -> AirtelMoneySimulatedTransaction? {
        settleDue()
        return entries[Self.key(kind, id)]?.transaction
    }

    /// Transactions created at or after `since` (all if `nil`), oldest first.
    func transactions(since: Date?) -> [AirtelMoneySimulatedTransaction] {
        settleDue()
        let all = entries.values.sorted { $0.sequence < $1.sequence }.map(\.transaction)
        guard let since else { return all }
        return all.filter { $0.createdAt >= since }
    }

    /// What is left of the disbursement float in `currency`.
    func remainingFloat(in currency: Currency) -> Money {
        // Zero minor units is never refused.
        float[currency] ?? (try! Money(minorUnits: 0, currency: currency))
    }

    func appendDelivery(_ delivery: AirtelMoneyCallbackDelivery, to id: String, kind: AirtelMoneyTransactionKind) {
        entries[Self.key(kind, id)]?.transaction.callbacks.append(delivery)
    }

    private func timeline(of submission: Submission, from now: ContinuousClock.Instant) -> [Step] {
        let settled = now + settleDelay
        switch submission.kind {
        case .collection:
            let pushed = Step(at: now, status: .inProgress, code: .collectionInProcess)
            switch submission.scenario {
            case .pendingForever: return [pushed]
            case .decline(let decline): return [pushed, Step(at: settled, status: decline.transactionStatus, code: decline.collectionCode)]
            case .ambiguousThenSucceed:
                return [pushed, Step(at: settled, status: .ambiguous, code: .collectionAmbiguous),
                        Step(at: now + ambiguousDelay, status: .success, code: .collectionSuccess)]
            case .succeed, .succeedWithoutCallback, .succeedWithDoubleCallback, .succeedThenContradict, .answerInternalError,
                 .acceptButAnswerInternalError, .hangPastTimeout, .resetMidResponse:
                return [pushed, Step(at: settled, status: .success, code: .collectionSuccess)]
            }
        case .disbursement, .refund:
            switch submission.scenario {
            case .pendingForever: return [Step(at: now, status: .inProgress, code: .disbursementInProcess)]
            case .decline(let decline): return [Step(at: now, status: .failed, code: decline.disbursementCode)]
            case .ambiguousThenSucceed:
                return [Step(at: now, status: .ambiguous, code: .disbursementAmbiguous),
                        Step(at: now + ambiguousDelay, status: .success, code: .disbursementSuccess)]
            case .succeed, .succeedWithoutCallback, .succeedWithDoubleCallback, .succeedThenContradict, .answerInternalError,
                 .acceptButAnswerInternalError, .hangPastTimeout, .resetMidResponse:
                return [Step(at: now, status: .success, code: .disbursementSuccess)]
            }
        }
    }

    private func takeFromFloat(_ amount: Money) -> Bool {
        guard let left = try? remainingFloat(in: amount.currency) - amount else { return false }
        float[amount.currency] = left
        return true
    }

    /// `MP` (collection), `CI` (disbursement) or `RF` (refund), the date and time, and a sequence number:
    /// `MP260603.1234.A00001`, the shape of the ids in Airtel's callback samples.
    private func makeAirtelMoneyID(_ kind: AirtelMoneyTransactionKind) -> String {
        let prefix = switch kind {
        case .collection: "MP"
        case .disbursement: "CI"
        case .refund: "RF"
        }
        let stamp = SimulatorDate.format(Date()).filter(\.isNumber)
        let date = stamp.dropFirst(2).prefix(6)
        let time = stamp.dropFirst(8).prefix(4)
        let number = String(nextNumber)
        nextNumber += 1
        return "\(prefix)\(date).\(time).A\(String(repeating: "0", count: max(0, 5 - number.count)))\(number)"
    }

    private func settleDue() {
        let now = ContinuousClock.now
        for (key, entry) in entries where entry.pending.first.map({ $0.at <= now }) == true {
            var entry = entry
            while let step = entry.pending.first, step.at <= now {
                entry.pending.removeFirst()
                entry.transaction.status = step.status
                entry.transaction.responseCode = step.code
                if step.status.isFinal { entry.transaction.finishedAt = Date() }
            }
            entries[key] = entry
        }
    }

    private static func key(_ kind: AirtelMoneyTransactionKind, _ id: String) -> String {
        "\(kind.rawValue):\(id)"
    }
}
