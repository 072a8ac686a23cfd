import Foundation
import HubKit

/// Every transaction the simulator accepted and the balances of its two accounts.
///
/// References are one namespace across products and kinds: a reference taken by a request-to-pay cannot name
/// a transfer, a deposit or a refund (MoMo's 409), and a status GET finds a transaction only under its own kind.
///
/// Settlement is lazy and deterministic: a transaction whose `settleDelay` has passed reaches its final state
/// the next time anything reads the book, in the order the transactions fell due, so balances and
/// `NOT_ENOUGH_FUNDS` decisions never depend on task scheduling.
actor MoMoTransactionBook {
    private struct Entry {
        var transaction: MoMoSimulatedTransaction
        let scenario: MoMoScenario
        /// When the transaction reaches its final state; `nil` for one that stays PENDING.
        let dueAt: ContinuousClock.Instant?
        let sequence: Int
    }

    /// A payment as accepted by the POST, before it is recorded.
    struct Submission: Sendable {
        let reference: String
        let kind: MoMoTransactionKind
        let externalID: String?
        let partyIDType: String
        let partyID: String
        let amount: Money
        let payerMessage: String?
        let payeeNote: String?
        let callbackURL: String?
        let scenario: MoMoScenario
        /// The lower-cased `referenceIdToRefund` of a refund; `nil` for every other kind.
        var refundedReference: String? = nil
    }

    private var entries: [String: Entry] = [:]
    /// References still PENDING that will settle, with the instant they fall due.
    private var unsettled: [String: ContinuousClock.Instant] = [:]
    private var balances: [MoMoProduct: [Currency: Money]] = [:]
    private var reasonStringNext = false
    private var nextFinancialID: Int64 = 1_000_000_001
    private let settleDelay: Duration
    private let reasonStyle: MoMoReasonStyle

    init(settleDelay: Duration, reasonStyle: MoMoReasonStyle, disbursementFloat: [Money]) {
        self.settleDelay = settleDelay
        self.reasonStyle = reasonStyle
        for amount in disbursementFloat {
            balances[.disbursement, default: [:]][amount.currency] = amount
        }
    }

    enum RecordOutcome: Sendable {
        /// The reference is already taken (MoMo's 409).
        case duplicate
        /// Recorded; `dueAt` is when it reaches its final state, `nil` if it stays PENDING.
        case recorded(dueAt: ContinuousClock.Instant?)
    }

    func record(_ submission: Submission) -> RecordOutcome {
        let reference = submission.reference.lowercased()
        guard entries[reference] == nil else { return .duplicate }
        let reasonAsString: Bool
        switch reasonStyle {
        case .object: reasonAsString = false
        case .string: reasonAsString = true
        case .alternating:
            reasonAsString = reasonStringNext
            reasonStringNext.toggle()
        }
        let transaction = MoMoSimulatedTransaction(
            reference: reference, kind: submission.kind, externalID: submission.externalID,
            partyIDType: submission.partyIDType, partyID: submission.partyID, amount: submission.amount,
            payerMessage: submission.payerMessage, payeeNote: submission.payeeNote,
            callbackURL: submission.callbackURL, createdAt: Date(), status: .pending, reason: nil,
            financialTransactionID: nil, finishedAt: nil, callbacks: [], reasonAsString: reasonAsString,
            refundedReference: submission.refundedReference
        )
        let dueAt: ContinuousClock.Instant? = submission.scenario == .pendingForever ? nil : .now + settleDelay
        entries[reference] = Entry(transaction: transaction, scenario: submission.scenario, dueAt: dueAt, sequence: entries.count)
        if let dueAt { unsettled[reference] = dueAt }
        return .recorded(dueAt: dueAt)
    }

    /// Checks a refund against the collection it pays back and records it, in one step, so that two refunds
    /// racing for one collection cannot both pass its limit. Refunds not FAILED (PENDING included) hold their
    /// amount against the collection; a FAILED refund releases it.
    func recordRefund(_ refund: MoMoRefundSubmission) -> MoMoRefundOutcome {
        settleDue()
        guard entries[refund.reference.lowercased()] == nil else { return .duplicate }
        guard let collection = entries[refund.refundedReference]?.transaction else { return .refused(.unknownTransaction) }
        guard collection.kind == .requestToPay else { return .refused(.notACollection(collection.kind)) }
        guard collection.status == .successful else { return .refused(.collectionNotSuccessful(collection.status)) }
        let currency = collection.amount.currency
        guard refund.amount.currency == currency else { return .refused(.currencyMismatch(collection: currency)) }
        let held = refunds(of: collection.reference).filter { $0.status != .failed }.reduce(0) { $0 + $1.amount.minorUnits }
        // This check keeps the refunds' total at or below the collection's amount, so the difference is never negative.
        let remaining = try! Money(minorUnits: collection.amount.minorUnits - held, currency: currency)
        guard refund.amount.minorUnits <= remaining.minorUnits else { return .refused(.exceedsRefundable(remaining: remaining)) }
        let scenario = MoMoScenario.refund(ofCollectionPaidBy: collection.partyID)
        if scenario == .rejectAsDuplicate { return .duplicate }
        let submission = Submission(
            reference: refund.reference, kind: .refund, externalID: refund.externalID, partyIDType: collection.partyIDType,
            partyID: collection.partyID, amount: refund.amount, payerMessage: refund.payerMessage, payeeNote: refund.payeeNote,
            callbackURL: refund.callbackURL, scenario: scenario, refundedReference: collection.reference
        )
        guard case .recorded(let dueAt) = record(submission) else { return .duplicate }
        return .recorded(submission, dueAt: dueAt)
    }

    /// The refunds of a collection, oldest first, each in its current state.
    func refunds(of collectionReference: String) -> [MoMoSimulatedTransaction] {
        settleDue()
        let reference = collectionReference.lowercased()
        return entries.values.filter { $0.transaction.refundedReference == reference }
            .sorted { $0.sequence < $1.sequence }.map(\.transaction)
    }

    /// One transaction of a product, of any kind, settled if due; `nil` if unknown.
    func transaction(_ reference: String, product: MoMoProduct) -> MoMoSimulatedTransaction? {
        settleDue()
        guard let entry = entries[reference.lowercased()], entry.transaction.product == product else { return nil }
        return entry.transaction
    }

    /// One transaction of a kind, settled if due; `nil` if unknown or of another kind.
    func transaction(_ reference: String, kind: MoMoTransactionKind) -> MoMoSimulatedTransaction? {
        settleDue()
        guard let entry = entries[reference.lowercased()], entry.transaction.kind == kind else { return nil }
        return entry.transaction
    }

    /// Transactions created at or after `since`, oldest first.
    func transactions(since: Date?) -> [MoMoSimulatedTransaction] {
        settleDue()
        let all = entries.values.sorted { $0.sequence < $1.sequence }.map(\.transaction)
        guard let since else { return all }
        return all.filter { $0.createdAt >= since }
    }

    /// The balance of a product's account in a currency (zero if nothing ever moved).
    func balance(of product: MoMoProduct, in currency: Currency) -> Money {
        settleDue()
        return storedBalance(of: product, in: currency)
    }

    private func storedBalance(of product: MoMoProduct, in currency: Currency) -> Money {
        // Zero minor units is never refused.
        balances[product]?[currency] ?? (try! Money(minorUnits: 0, currency: currency))
    }

    /// Every non-empty account balance, by product then currency code.
    func allBalances() -> [(product: MoMoProduct, balance: Money)] {
        settleDue()
        return MoMoProduct.allCases.flatMap { product in
            (balances[product] ?? [:]).values.sorted { $0.currency.code < $1.currency.code }.map { (product: product, balance: $0) }
        }
    }

    func appendDelivery(_ delivery: MoMoCallbackDelivery, to reference: String) {
        entries[reference]?.transaction.callbacks.append(delivery)
    }

    private func settleDue() {
        let now = ContinuousClock.now
        let due = unsettled.filter { $0.value <= now }.compactMap { entries[$0.key] }
            .sorted { ($0.dueAt ?? now, $0.sequence) < ($1.dueAt ?? now, $1.sequence) }
        for entry in due {
            let reference = entry.transaction.reference
            unsettled[reference] = nil
            entries[reference]?.transaction = settled(entry)
        }
    }

    private func settled(_ entry: Entry) -> MoMoSimulatedTransaction {
        var transaction = entry.transaction
        let delay = settleDelay.components
        transaction.finishedAt = transaction.createdAt
            .addingTimeInterval(TimeInterval(delay.seconds) + TimeInterval(delay.attoseconds) / 1e18)
        if case .fail(let reason) = entry.scenario {
            transaction.status = .failed
            transaction.reason = reason
            return transaction
        }
        let product = transaction.product
        let current = storedBalance(of: product, in: transaction.amount.currency)
        let updated: Money?
        switch product {
        case .collection: updated = try? current + transaction.amount
        case .disbursement: updated = try? current - transaction.amount
        }
        guard let updated else {
            transaction.status = .failed
            transaction.reason = product == .collection ? .internalProcessingError : .notEnoughFunds
            return transaction
        }
        balances[product, default: [:]][transaction.amount.currency] = updated
        transaction.status = .successful
        transaction.financialTransactionID = String(nextFinancialID)
        nextFinancialID += 1
        return transaction
    }
}
