import Foundation
import HubKit

/// Every charge, transfer and refund the simulator accepted, and the merchant's balances.
///
/// Settlement is lazy and deterministic, as in the other simulators: an item whose settle time has passed
/// reaches its final state the next time anything reads the book, in the order items fell due, so
/// balances never depend on task scheduling. `tx_ref` and transfer `reference` are unique here, checked
/// and claimed in one actor step.
actor FlutterwaveTransactionBook {
    /// A charge's final state, decided when it is recorded and applied when it falls due.
    struct Outcome: Sendable {
        let status: FlutterwaveChargeStatus
        let processorResponse: String
    }

    private struct ChargeEntry {
        var charge: FlutterwaveSimulatedCharge
        var settlesAt: ContinuousClock.Instant?
        let outcome: Outcome
    }

    private struct TransferEntry {
        var transfer: FlutterwaveSimulatedTransfer
        var settlesAt: ContinuousClock.Instant?
        let outcome: (status: FlutterwaveTransferStatus, message: String)
        /// Whether the amount is held on the balance until the transfer ends.
        let held: Bool
    }

    private var charges: [Int64: ChargeEntry] = [:]
    private var chargeOrder: [Int64] = []
    private var chargeByTxRef: [String: Int64] = [:]
    private var transfers: [Int64: TransferEntry] = [:]
    private var transferOrder: [Int64] = []
    private var transferByReference: [String: Int64] = [:]
    private var refunds: [Int64: FlutterwaveSimulatedRefund] = [:]
    private var refundOrder: [Int64] = []
    private var balances: FlutterwaveBalanceSheet
    private var nextChargeID: Int64 = 1_000_001
    private var nextTransferID: Int64 = 500_001
    private var nextRefundID: Int64 = 9_001

    init(openingBalances: [Money]) {
        balances = FlutterwaveBalanceSheet(opening: openingBalances)
    }

    // MARK: Charges

    /// Records a charge unless its `tx_ref` is taken. The charge starts in `initial` and, when `settlesAt`
    /// is set, becomes `outcome` then; a charge recorded final counts at once.
    func recordCharge(
        _ make: @Sendable (Int64) -> FlutterwaveSimulatedCharge, outcome: Outcome, settlesAt: ContinuousClock.Instant?
    ) -> FlutterwaveSimulatedCharge? {
        settleDue()
        let id = nextChargeID
        var charge = make(id)
        guard chargeByTxRef[charge.txRef] == nil else { return nil }
        nextChargeID += 1
        if charge.status == .successful { balances.collect(charge.amount) }
        if charge.status != .pending { charge.completedAt = charge.createdAt }
        charges[id] = ChargeEntry(charge: charge, settlesAt: settlesAt, outcome: outcome)
        chargeOrder.append(id)
        chargeByTxRef[charge.txRef] = id
        return charge
    }

    func charge(id: Int64) -> FlutterwaveSimulatedCharge? {
        settleDue()
        return charges[id]?.charge
    }

    func charge(txRef: String) -> FlutterwaveSimulatedCharge? {
        settleDue()
        return chargeByTxRef[txRef].flatMap { charges[$0]?.charge }
    }

    func charge(flwRef: String) -> FlutterwaveSimulatedCharge? {
        settleDue()
        return chargeOrder.lazy.compactMap { self.charges[$0]?.charge }.first { $0.flwRef == flwRef }
    }

    func charges(since: Date?) -> [FlutterwaveSimulatedCharge] {
        settleDue()
        return chargeOrder.compactMap { charges[$0]?.charge }.filter { since == nil || $0.createdAt >= since! }
    }

    // MARK: Transfers

    /// Records a transfer unless its reference is taken, holding its amount on the balance. A transfer
    /// the balance cannot cover is still queued, and fails with `insufficientBalance` when it settles.
    func recordTransfer(
        _ make: @Sendable (Int64) -> FlutterwaveSimulatedTransfer, outcome: (status: FlutterwaveTransferStatus, message: String),
        settlesAt: ContinuousClock.Instant?
    ) -> FlutterwaveSimulatedTransfer? {
        settleDue()
        let id = nextTransferID
        let transfer = make(id)
        guard transferByReference[transfer.reference] == nil else { return nil }
        nextTransferID += 1
        let held = balances.hold(transfer.amount)
        let final = held ? outcome : (.failed, "DISBURSE FAILED: \(FlutterwaveDecline.insufficientBalance.rawValue)")
        transfers[id] = TransferEntry(transfer: transfer, settlesAt: settlesAt, outcome: final, held: held)
        transferOrder.append(id)
        transferByReference[transfer.reference] = id
        return transfer
    }

    /// A transfer by id; one that is queued but not yet final reads as `PENDING` after its creation.
    func transfer(id: Int64) -> FlutterwaveSimulatedTransfer? {
        settleDue()
        return transfers[id].map(Self.observed)
    }

    func transfers(since: Date?) -> [FlutterwaveSimulatedTransfer] {
        settleDue()
        return transferOrder.compactMap { transfers[$0].map(Self.observed) }
            .filter { since == nil || $0.createdAt >= since! }
    }

    private static func observed(_ entry: TransferEntry) -> FlutterwaveSimulatedTransfer {
        var transfer = entry.transfer
        if transfer.status == .new { transfer.status = .pending }
        return transfer
    }

    // MARK: Refunds

    /// Refunds `amount` (all that remains when `nil`) of a successful charge, atomically with the checks.
    func refund(chargeID: Int64, amount: Money?, comments: String?) throws(FlutterwaveAPIError) -> FlutterwaveSimulatedRefund {
        settleDue()
        guard var charge = charges[chargeID]?.charge else { throw .invalid("No transaction was found for this id") }
        guard charge.status == .successful else { throw .invalid("Only successful transactions can be refunded") }
        let remaining = charge.amount.minorUnits - charge.amountRefunded.minorUnits
        guard remaining > 0 else { throw .invalid("This transaction has been fully refunded") }
        // `remaining` is positive here, so the initialiser cannot throw.
        let wanted = amount ?? (try! Money(minorUnits: remaining, currency: charge.amount.currency))
        guard wanted.minorUnits <= remaining else {
            throw .invalid("Refund amount cannot be greater than the amount left to refund (\(remaining) minor units)")
        }
        guard balances.refund(wanted) else { throw .invalid(FlutterwaveDecline.insufficientBalance.rawValue) }
        // Both are minor units of one currency and the sum is at most the charge's amount.
        charge.amountRefunded = try! charge.amountRefunded + wanted
        charges[chargeID]?.charge = charge
        let now = Date()
        let refund = FlutterwaveSimulatedRefund(
            id: nextRefundID, transactionID: chargeID, txRef: charge.txRef, flwRef: FlutterwaveIdentifier.refundRef(at: now),
            amount: wanted, comments: comments, createdAt: now
        )
        nextRefundID += 1
        refunds[refund.id] = refund
        refundOrder.append(refund.id)
        return refund
    }

    func refund(id: Int64) -> FlutterwaveSimulatedRefund? {
        refunds[id]
    }

    func refunds(since: Date?) -> [FlutterwaveSimulatedRefund] {
        refundOrder.compactMap { refunds[$0] }.filter { since == nil || $0.createdAt >= since! }
    }

    // MARK: Balances and deliveries

    func balance(in currency: Currency) -> FlutterwaveBalance {
        settleDue()
        return balances[currency]
    }

    func allBalances() -> [FlutterwaveBalance] {
        settleDue()
        return balances.all
    }

    enum Subject: Sendable {
        case charge(Int64)
        case transfer(Int64)
    }

    func appendDelivery(_ delivery: FlutterwaveWebhookDelivery, to subject: Subject) {
        switch subject {
        case .charge(let id): charges[id]?.charge.webhooks.append(delivery)
        case .transfer(let id): transfers[id]?.transfer.webhooks.append(delivery)
        }
    }

    // MARK: Settlement

    private func settleDue() {
        let now = ContinuousClock.now
        var due: [(at: ContinuousClock.Instant, kind: Int, id: Int64)] = []
        for (id, entry) in charges { if let at = entry.settlesAt, at <= now { due.append((at, 0, id)) } }
        for (id, entry) in transfers { if let at = entry.settlesAt, at <= now { due.append((at, 1, id)) } }
        for item in due.sorted(by: { ($0.at, $0.kind, $0.id) < ($1.at, $1.kind, $1.id) }) {
            if item.kind == 0 { settleCharge(item.id) } else { settleTransfer(item.id) }
        }
    }

    private func settleCharge(_ id: Int64) {
        guard var entry = charges[id] else { return }
        entry.settlesAt = nil
        entry.charge.status = entry.outcome.status
        entry.charge.processorResponse = entry.outcome.processorResponse
        entry.charge.completedAt = Date()
        if entry.outcome.status == .successful { balances.collect(entry.charge.amount) }
        charges[id] = entry
    }

    private func settleTransfer(_ id: Int64) {
        guard var entry = transfers[id] else { return }
        entry.settlesAt = nil
        entry.transfer.status = entry.outcome.status
        entry.transfer.completeMessage = entry.outcome.message
        entry.transfer.completedAt = Date()
        if entry.held { balances.release(entry.transfer.amount, paidOut: entry.outcome.status == .successful) }
        transfers[id] = entry
    }
}
