import Foundation
import GRDB

/// Ledger postings inside an open SQLite transaction. Every posting updates the two accounts' maintained
/// balances in the same transaction, so balance reads never scan history.
enum SQLiteLedger {
    struct Account {
        var id: Int64
        var balance: AccountBalance
    }

    /// The account, created with zero balances on first use when `create` is set.
    static func account(_ db: Database, name: String, currency: Currency, create: Bool) throws -> Account? {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT \(balanceColumns), id FROM ledger_accounts WHERE name = ? AND currency = ?"),
                                      arguments: [name, currency.code]) {
            return Account(id: row[5], balance: balance(row, currency: currency))
        }
        guard create else { return nil }
        try db.cachedStatement(sql: "INSERT INTO ledger_accounts (name, currency) VALUES (?, ?)").execute(arguments: [name, currency.code])
        return Account(id: db.lastInsertedRowID, balance: AccountBalance(account: name, currency: currency))
    }

    /// The columns `balance(_:currency:)` reads, by position, first in every query it reads.
    static let balanceColumns = "name, debits_posted, credits_posted, debits_pending, credits_pending"

    static func balance(_ row: Row, currency: Currency) -> AccountBalance {
        AccountBalance(account: row[0], currency: currency, debitsPosted: row[1], creditsPosted: row[2], debitsPending: row[3],
                       creditsPending: row[4])
    }

    /// Writes one transfer and updates both balances. Returns the transfer's id.
    @discardableResult
    static func transfer(
        _ db: Database, kind: TransferKind, debit: Account, credit: Account, amount: Money,
        paymentID: PaymentID?, pendingID: Int64? = nil, flagged: Bool = false, at time: Date
    ) throws -> Int64 {
        let transferID = try insertTransfer(db, kind: kind, debit: debit, credit: credit, amount: amount, paymentID: paymentID,
                                            pendingID: pendingID, flagged: flagged, millis: Timestamp.millis(time))
        // Each update names the column it grows in its WHERE clause, so a sum that would pass Int64.max updates
        // nothing (SQLite would silently turn it into a REAL) and the whole transaction is refused.
        let (debitColumns, creditColumns): (String, String) = switch kind {
        case .posted, .reversal: ("debits_posted = debits_posted + ?1 WHERE id = ?2 AND debits_posted <= \(Int64.max) - ?1",
                                  "credits_posted = credits_posted + ?1 WHERE id = ?2 AND credits_posted <= \(Int64.max) - ?1")
        case .hold: ("debits_pending = debits_pending + ?1 WHERE id = ?2 AND debits_pending <= \(Int64.max) - ?1",
                     "credits_pending = credits_pending + ?1 WHERE id = ?2 AND credits_pending <= \(Int64.max) - ?1")
        case .post: ("debits_pending = debits_pending - ?1, debits_posted = debits_posted + ?1 WHERE id = ?2 AND debits_posted <= \(Int64.max) - ?1",
                     "credits_pending = credits_pending - ?1, credits_posted = credits_posted + ?1 WHERE id = ?2 AND credits_posted <= \(Int64.max) - ?1")
        case .void: ("debits_pending = debits_pending - ?1 WHERE id = ?2", "credits_pending = credits_pending - ?1 WHERE id = ?2")
        }
        for (columns, account) in [(debitColumns, debit.id), (creditColumns, credit.id)] {
            try db.cachedStatement(sql: "UPDATE ledger_accounts SET \(columns)").execute(arguments: [amount.minorUnits, account])
            guard db.changesCount == 1 else { throw StoreError(.conflict, "the posting would overflow an account's balance") }
        }
        return transferID
    }

    /// Inserts one transfer row, without touching balances, and returns its id. The statement is cached: prepared
    /// once per connection, not per call.
    private static func insertTransfer(
        _ db: Database, kind: TransferKind, debit: Account, credit: Account, amount: Money, paymentID: PaymentID?,
        pendingID: Int64?, flagged: Bool, millis: Int64
    ) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO ledger_transfers
                (payment_id, kind, debit_account_id, credit_account_id, amount, currency, pending_id, flagged, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [paymentID?.rawValue, kind.rawValue, debit.id, credit.id, amount.minorUnits,
                                     amount.currency.code, pendingID, flagged, millis])
        return db.lastInsertedRowID
    }

    /// Writes posted transfers (`kind = posted`) in order and returns their ids, then updates each account
    /// touched once with its net debits and credits, instead of twice per transfer. The sums are checked for
    /// overflow before anything is updated.
    static func postTransfers(
        _ db: Database, _ entries: [(debit: Account, credit: Account, amount: Money, paymentID: PaymentID?)], at time: Date
    ) throws -> [Int64] {
        let millis = Timestamp.millis(time)
        var totals: [Int64: (debits: Int64, credits: Int64)] = [:]
        func add(_ account: Int64, debit: Int64, credit: Int64) throws {
            let current = totals[account, default: (0, 0)]
            let debits = current.debits.addingReportingOverflow(debit)
            let credits = current.credits.addingReportingOverflow(credit)
            guard !debits.overflow, !credits.overflow else { throw StoreError(.conflict, "postings overflow an account's totals") }
            totals[account] = (debits.partialValue, credits.partialValue)
        }
        var ids: [Int64] = []
        ids.reserveCapacity(entries.count)
        for entry in entries {
            ids.append(try insertTransfer(db, kind: .posted, debit: entry.debit, credit: entry.credit, amount: entry.amount,
                                          paymentID: entry.paymentID, pendingID: nil, flagged: false, millis: millis))
            try add(entry.debit.id, debit: entry.amount.minorUnits, credit: 0)
            try add(entry.credit.id, debit: 0, credit: entry.amount.minorUnits)
        }
        let update = try db.cachedStatement(sql: """
            UPDATE ledger_accounts SET debits_posted = debits_posted + ?1, credits_posted = credits_posted + ?2
            WHERE id = ?3 AND debits_posted <= \(Int64.max) - ?1 AND credits_posted <= \(Int64.max) - ?2
            """)
        for (account, total) in totals.sorted(by: { $0.key < $1.key }) {
            try update.execute(arguments: [total.debits, total.credits, account])
            guard db.changesCount == 1 else { throw StoreError(.conflict, "the postings would overflow an account's balance") }
        }
        return ids
    }

    /// Places a hold on the wallet for a withdrawal, refusing it if the available balance does not cover it (unless
    /// `checkingBalance` is false: the money is already reserved and only moves).
    static func hold(_ db: Database, payment: Payment, at time: Date, checkingBalance: Bool = true) throws {
        guard let wallet = try account(db, name: payment.walletID.accountName, currency: payment.amount.currency, create: false) else {
            throw StoreError(.unknownWallet, "wallet has no \(payment.amount.currency.code) account")
        }
        guard !checkingBalance || wallet.balance.available >= payment.amount.minorUnits else {
            throw StoreError(.insufficientFunds, "available balance does not cover \(payment.amount)")
        }
        let clearing = try account(db, name: payment.provider.clearingAccountName, currency: payment.amount.currency, create: true)!
        try transfer(db, kind: .hold, debit: wallet, credit: clearing, amount: payment.amount, paymentID: payment.id, at: time)
    }

    /// Moves a withdrawal's open hold to another provider's clearing account (void, then hold again), so the
    /// books name the provider that really pays. `payment.provider` is the new provider.
    static func moveHold(_ db: Database, payment: Payment, at time: Date) throws {
        guard let row = try openHold(db, payment: payment) else { throw StoreError(.corrupt, "payment \(payment.id) has no open hold") }
        let clearing = try account(db, name: payment.provider.clearingAccountName, currency: payment.amount.currency, create: true)!
        guard clearing.id != row["credit_account_id"] as Int64 else { return }
        try resolveHold(db, payment: payment, post: false, at: time)
        try hold(db, payment: payment, at: time, checkingBalance: false)
    }

    /// The payment's hold not yet posted or voided, if any.
    static func openHold(_ db: Database, payment: Payment) throws -> Row? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT h.id, h.debit_account_id, h.credit_account_id FROM ledger_transfers h
            WHERE h.payment_id = ? AND h.kind = 'hold'
              AND NOT EXISTS (SELECT 1 FROM ledger_transfers r WHERE r.pending_id = h.id)
            """), arguments: [payment.id.rawValue])
    }

    /// Posts or voids the payment's open hold. A hold is resolved at most once (enforced by a unique index).
    static func resolveHold(_ db: Database, payment: Payment, post: Bool, at time: Date) throws {
        guard let row = try openHold(db, payment: payment) else { throw StoreError(.corrupt, "payment \(payment.id) has no open hold") }
        let debit = Account(id: row["debit_account_id"], balance: AccountBalance(account: "", currency: payment.amount.currency))
        let credit = Account(id: row["credit_account_id"], balance: AccountBalance(account: "", currency: payment.amount.currency))
        try transfer(db, kind: post ? .post : .void, debit: debit, credit: credit, amount: payment.amount,
                     paymentID: payment.id, pendingID: row["id"], at: time)
    }

    /// Carries out a state machine's ledger action for a payment.
    static func perform(_ action: LedgerAction, _ db: Database, payment: Payment, at time: Date) throws {
        let currency = payment.amount.currency
        switch action {
        case .none:
            return
        case .creditWallet:
            let clearing = try account(db, name: payment.provider.clearingAccountName, currency: currency, create: true)!
            let wallet = try account(db, name: payment.walletID.accountName, currency: currency, create: true)!
            try transfer(db, kind: .posted, debit: clearing, credit: wallet, amount: payment.amount, paymentID: payment.id, at: time)
        case .postHold:
            try resolveHold(db, payment: payment, post: true, at: time)
        case .debitWallet:
            let clearing = try account(db, name: payment.provider.clearingAccountName, currency: currency, create: true)!
            let wallet = try account(db, name: payment.walletID.accountName, currency: currency, create: true)!
            let flagged = wallet.balance.available < payment.amount.minorUnits
            try transfer(db, kind: .posted, debit: wallet, credit: clearing, amount: payment.amount, paymentID: payment.id,
                         flagged: flagged, at: time)
        case .voidHold:
            try resolveHold(db, payment: payment, post: false, at: time)
        case .reverse:
            if payment.kind == .topUp, try openHold(db, payment: payment) != nil {
                // A refund the hub started: the amount was held when it began; posting the hold reverses it.
                try resolveHold(db, payment: payment, post: true, at: time)
                try db.cachedStatement(sql: "UPDATE payments SET refund_state = 'succeeded' WHERE id = ?").execute(arguments: [payment.id.rawValue])
                return
            }
            let clearing = try account(db, name: payment.provider.clearingAccountName, currency: currency, create: true)!
            let wallet = try account(db, name: payment.walletID.accountName, currency: currency, create: true)!
            if payment.kind == .topUp {
                // The money already left at the provider: the reversal is booked even if the wallet has spent
                // it, and flagged so the negative balance is explained.
                let flagged = wallet.balance.available < payment.amount.minorUnits
                try transfer(db, kind: .reversal, debit: wallet, credit: clearing, amount: payment.amount,
                             paymentID: payment.id, flagged: flagged, at: time)
            } else {
                try transfer(db, kind: .reversal, debit: clearing, credit: wallet, amount: payment.amount,
                             paymentID: payment.id, at: time)
            }
        }
    }
}
