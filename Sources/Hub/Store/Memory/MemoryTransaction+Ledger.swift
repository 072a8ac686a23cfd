import Foundation

/// The ledger's accounts and append-only transfers, with SQLite's checks: an account per name and currency, a
/// positive amount between two existing, different accounts, and a hold resolved at most once.
extension MemoryTransaction {
    public func account(named name: String, currency: Currency) throws -> LedgerAccount? { tables.account(named: name, currency: currency) }

    public func account(id: Int64) throws -> LedgerAccount? { tables.account(id: id) }

    public func createAccount(named name: String, currency: Currency) throws -> LedgerAccount {
        let key = AccountKey(name: name, currency: currency.code)
        guard tables.accountsByName[key] == nil else { throw Self.constraint("ledger_accounts (name, currency) is not unique") }
        let row = tables.accounts.count
        let account = LedgerAccount(id: Int64(row + 1), balance: AccountBalance(account: name, currency: currency))
        append(\.accounts, account)
        set(\.accountsByName, key, to: row)
        appendToList(\.accountsNamed, name, row)
        return account
    }

    /// Writes the four maintained sums; the account's name and currency stay.
    public func updateBalances(_ account: LedgerAccount) throws {
        guard var stored = tables.account(id: account.id) else { return }
        stored.balance.debitsPosted = account.balance.debitsPosted
        stored.balance.creditsPosted = account.balance.creditsPosted
        stored.balance.debitsPending = account.balance.debitsPending
        stored.balance.creditsPending = account.balance.creditsPending
        replace(\.accounts, at: Int(account.id) - 1, with: stored)
    }

    public func insert(_ transfer: LedgerTransfer) throws -> Int64 {
        guard transfer.amount.minorUnits > 0 else { throw Self.constraint("ledger_transfers.amount must be positive") }
        guard transfer.debitAccountID != transfer.creditAccountID else { throw Self.constraint("ledger_transfers needs two accounts") }
        guard tables.account(id: transfer.debitAccountID) != nil, tables.account(id: transfer.creditAccountID) != nil else {
            throw Self.constraint("ledger_transfers names an account that does not exist")
        }
        if let pendingID = transfer.pendingID {
            guard pendingID >= 1, pendingID <= Int64(tables.transfers.count) else {
                throw Self.constraint("ledger_transfers.pending_id names no transfer")
            }
            guard tables.resolvedHolds[pendingID] == nil else { throw Self.constraint("ledger_transfers.pending_id is not unique") }
        }
        let row = tables.transfers.count
        let id = Int64(row + 1)
        var stored = transfer
        stored.id = id
        stored.createdAt = transfer.createdAt.storedMillis
        append(\.transfers, stored)
        appendToList(\.transfersOfAccount, transfer.debitAccountID, row)
        appendToList(\.transfersOfAccount, transfer.creditAccountID, row)
        if transfer.kind == .hold, let paymentID = transfer.paymentID { appendToList(\.holdsOfPayment, paymentID, id) }
        if let pendingID = transfer.pendingID { set(\.resolvedHolds, pendingID, to: id) }
        return id
    }

    public func openHold(of paymentID: PaymentID) throws -> LedgerTransfer? {
        (tables.holdsOfPayment[paymentID] ?? []).first { tables.resolvedHolds[$0] == nil }.map { tables.transfers[Int($0) - 1] }
    }
}
