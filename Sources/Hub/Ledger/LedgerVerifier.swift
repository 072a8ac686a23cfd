/// Recomputes every account's balances from the transfers and checks the ledger's invariants, for every store:
/// 1. every transfer balances: one positive amount, both accounts in the transfer's currency, a hold resolved at
///    most once by a post or void of the same amount;
/// 2. per currency, the maintained posted and pending balances over all accounts sum to zero;
/// 3. no wallet's available balance is negative unless a flagged booking explains it;
/// 4. every maintained balance equals the sum of its transfers.
///
/// A store gives it its accounts, then its transfers in id order (`add`), then asks for the `result`: the transfers
/// can stream from a cursor.
package struct LedgerVerifier {
    /// Sums in 128 bits: recomputing cannot overflow, whatever the stored balances hold.
    struct Sums: Equatable {
        var debitsPosted: Int128 = 0, creditsPosted: Int128 = 0, debitsPending: Int128 = 0, creditsPending: Int128 = 0

        init(debitsPosted: Int128 = 0, creditsPosted: Int128 = 0, debitsPending: Int128 = 0, creditsPending: Int128 = 0) {
            self.debitsPosted = debitsPosted
            self.creditsPosted = creditsPosted
            self.debitsPending = debitsPending
            self.creditsPending = creditsPending
        }

        init(_ balance: AccountBalance) {
            self.init(debitsPosted: Int128(balance.debitsPosted), creditsPosted: Int128(balance.creditsPosted),
                      debitsPending: Int128(balance.debitsPending), creditsPending: Int128(balance.creditsPending))
        }
    }

    private var accounts: [Int64: AccountBalance] = [:]
    private var computed: [Int64: Sums] = [:]
    private var holds: [Int64: (amount: Int128, resolved: Bool)] = [:]
    private var flaggedAccounts = Set<Int64>()
    private var transfers = 0
    private var violations: [String] = []

    package init(accounts: [LedgerAccount]) {
        for account in accounts { self.accounts[account.id] = account.balance }
    }

    /// A stored transfer the store could not read (an unknown kind or currency, an amount below zero).
    package mutating func unreadable(_ id: Int64) {
        transfers += 1
        violations.append("transfer \(id): unreadable (unknown kind or currency, or a negative amount)")
    }

    package mutating func add(_ transfer: LedgerTransfer) {
        let kind = transfer.kind
        transfers += 1
        let id = transfer.id, debit = transfer.debitAccountID, credit = transfer.creditAccountID
        let amount = Int128(transfer.amount.minorUnits), currency = transfer.amount.currency
        if amount <= 0 { violations.append("transfer \(id): amount \(amount) is not positive") }
        if accounts[debit]?.currency != currency || accounts[credit]?.currency != currency {
            violations.append("transfer \(id): accounts are not both in \(currency.code)")
        }
        switch kind {
        case .posted, .reversal:
            computed[debit, default: Sums()].debitsPosted += amount
            computed[credit, default: Sums()].creditsPosted += amount
            if transfer.flagged { flaggedAccounts.insert(debit) }
        case .hold:
            computed[debit, default: Sums()].debitsPending += amount
            computed[credit, default: Sums()].creditsPending += amount
            holds[id] = (amount, false)
        case .post, .void:
            guard let pendingID = transfer.pendingID, let hold = holds[pendingID], !hold.resolved, hold.amount == amount else {
                violations.append("transfer \(id): \(kind.rawValue) does not match one open hold")
                return
            }
            holds[pendingID] = (hold.amount, true)
            computed[debit, default: Sums()].debitsPending -= amount
            computed[credit, default: Sums()].creditsPending -= amount
            if kind == .post {
                computed[debit, default: Sums()].debitsPosted += amount
                computed[credit, default: Sums()].creditsPosted += amount
            }
        }
    }

    package func result() -> LedgerVerification {
        var violations = violations
        var totals: [String: (posted: Int128, pending: Int128)] = [:]
        for (id, balance) in accounts.sorted(by: { $0.key < $1.key }) {
            let sums = computed[id] ?? Sums()
            let stored = Sums(balance)
            if sums != stored {
                violations.append("account \(balance.account) \(balance.currency.code): maintained balances differ from its transfers")
            }
            totals[balance.currency.code, default: (0, 0)].posted += stored.creditsPosted - stored.debitsPosted
            totals[balance.currency.code, default: (0, 0)].pending += stored.creditsPending - stored.debitsPending
            let available = sums.creditsPosted - sums.debitsPosted - sums.debitsPending
            if balance.account.hasPrefix("wallet:"), available < 0, !flaggedAccounts.contains(id) {
                violations.append("account \(balance.account) \(balance.currency.code): available balance \(available) is negative")
            }
        }
        for (currency, total) in totals.sorted(by: { $0.key < $1.key }) where total != (0, 0) {
            violations.append("\(currency): balances sum to \(total.posted) posted, \(total.pending) pending, not zero")
        }
        return LedgerVerification(transfersChecked: transfers, accountsChecked: accounts.count, violations: violations)
    }
}
