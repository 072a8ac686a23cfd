import GRDB

/// Recomputes every account's balances from the transfers and checks the ledger's invariants:
/// 1. every transfer balances: one amount, both accounts in the transfer's currency, a hold resolved at most
///    once by a post or void of the same amount;
/// 2. per currency, the maintained posted and pending balances over all accounts sum to zero;
/// 3. no wallet's available balance is negative unless a flagged reversal explains it;
/// 4. every maintained balance equals the sum of its transfers.
enum SQLiteLedgerVerifier {
    /// Sums in 128 bits: recomputing cannot overflow, whatever the stored balances hold.
    struct Sums: Equatable {
        var debitsPosted: Int128 = 0, creditsPosted: Int128 = 0, debitsPending: Int128 = 0, creditsPending: Int128 = 0
    }

    static func verify(_ db: Database) throws -> LedgerVerification {
        var violations: [String] = []
        var accounts: [Int64: (name: String, currency: String, stored: Sums)] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM ledger_accounts")) {
            accounts[row["id"]] = (row["name"], row["currency"], Sums(
                debitsPosted: Int128(row["debits_posted"] as Int64), creditsPosted: Int128(row["credits_posted"] as Int64),
                debitsPending: Int128(row["debits_pending"] as Int64), creditsPending: Int128(row["credits_pending"] as Int64)))
        }
        var computed: [Int64: Sums] = [:]
        var holds: [Int64: (amount: Int128, resolved: Bool)] = [:]
        var flaggedAccounts = Set<Int64>()
        var transfers = 0
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT * FROM ledger_transfers ORDER BY id"))
        while let row = try cursor.next() {
            transfers += 1
            let id: Int64 = row["id"], debit: Int64 = row["debit_account_id"], credit: Int64 = row["credit_account_id"]
            let amount = Int128(row["amount"] as Int64), currency: String = row["currency"]
            let kind = TransferKind(rawValue: row["kind"])
            if amount <= 0 { violations.append("transfer \(id): amount \(amount) is not positive") }
            if accounts[debit]?.currency != currency || accounts[credit]?.currency != currency {
                violations.append("transfer \(id): accounts are not both in \(currency)")
            }
            switch kind {
            case .posted, .reversal:
                computed[debit, default: Sums()].debitsPosted += amount
                computed[credit, default: Sums()].creditsPosted += amount
                if row["flagged"] as Bool { flaggedAccounts.insert(debit) }
            case .hold:
                computed[debit, default: Sums()].debitsPending += amount
                computed[credit, default: Sums()].creditsPending += amount
                holds[id] = (amount, false)
            case .post, .void:
                let pendingID: Int64? = row["pending_id"]
                guard let pendingID, let hold = holds[pendingID], !hold.resolved, hold.amount == amount else {
                    violations.append("transfer \(id): \(kind!.rawValue) does not match one open hold")
                    continue
                }
                holds[pendingID]!.resolved = true
                computed[debit, default: Sums()].debitsPending -= amount
                computed[credit, default: Sums()].creditsPending -= amount
                if kind == .post {
                    computed[debit, default: Sums()].debitsPosted += amount
                    computed[credit, default: Sums()].creditsPosted += amount
                }
            case nil:
                violations.append("transfer \(id): unknown kind")
            }
        }
        var totals: [String: (posted: Int128, pending: Int128)] = [:]
        for (id, account) in accounts {
            let sums = computed[id] ?? Sums()
            if sums != account.stored {
                violations.append("account \(account.name) \(account.currency): maintained balances differ from its transfers")
            }
            let stored = account.stored
            totals[account.currency, default: (0, 0)].posted += stored.creditsPosted - stored.debitsPosted
            totals[account.currency, default: (0, 0)].pending += stored.creditsPending - stored.debitsPending
            let available = sums.creditsPosted - sums.debitsPosted - sums.debitsPending
            if account.name.hasPrefix("wallet:"), available < 0, !flaggedAccounts.contains(id) {
                violations.append("account \(account.name) \(account.currency): available balance \(available) is negative")
            }
        }
        for (currency, total) in totals.sorted(by: { $0.key < $1.key }) where total != (0, 0) {
            violations.append("\(currency): balances sum to \(total.posted) posted, \(total.pending) pending, not zero")
        }
        return LedgerVerification(transfersChecked: transfers, accountsChecked: accounts.count, violations: violations)
    }
}
