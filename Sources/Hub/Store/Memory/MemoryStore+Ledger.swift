import Foundation

/// Balances as maintained on every posting, a wallet's ledger lines oldest first (paged by transfer id, as SQLite
/// pages them), and the invariants checked by the backend-neutral `LedgerVerifier`.
extension MemoryStore {
    public func balances(wallet: WalletID) async throws(StoreError) -> [AccountBalance] {
        try read { tables in
            (tables.accountsNamed[wallet.accountName] ?? []).map { tables.accounts[$0].balance }
                .sorted { $0.currency.code < $1.currency.code }
        }
    }

    public func balance(account: String, currency: Currency) async throws(StoreError) -> AccountBalance? {
        try read { tables in tables.account(named: account, currency: currency)?.balance }
    }

    public func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(StoreError) -> Page<LedgerLine> {
        let after = try cursor.map { text throws(StoreError) in try PageCursor(text) }.map(\.order) ?? 0
        return try read { tables in
            let name = wallet.accountName
            let rows = Set((tables.accountsNamed[name] ?? []).flatMap { tables.transfersOfAccount[Int64($0 + 1)] ?? [] })
                .sorted()
                .filter { Int64($0 + 1) > after }
            let lines = rows.prefix(limit).map { row -> LedgerLine in
                let transfer = tables.transfers[row]
                let debitName = tables.account(id: transfer.debitAccountID)?.balance.account ?? ""
                let creditName = tables.account(id: transfer.creditAccountID)?.balance.account ?? ""
                let isDebit = debitName == name
                return LedgerLine(transferID: transfer.id, kind: transfer.kind, direction: isDebit ? .debit : .credit,
                                  amount: transfer.amount, counterAccount: isDebit ? creditName : debitName,
                                  paymentID: transfer.paymentID, flagged: transfer.flagged, createdAt: transfer.createdAt)
            }
            let next = rows.count > limit ? lines.last.map { PageCursor(order: $0.transferID, id: "").text } : nil
            return Page(items: Array(lines), nextCursor: next)
        }
    }

    public func verifyLedger() async throws(StoreError) -> LedgerVerification {
        try read { tables in
            var verifier = LedgerVerifier(accounts: tables.accounts)
            for transfer in tables.transfers { verifier.add(transfer) }
            return verifier.result()
        }
    }
}
