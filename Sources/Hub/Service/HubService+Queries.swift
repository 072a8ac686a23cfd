extension HubService {
    /// The wallet's balance per currency; empty if it never had a ledger entry.
    public func balances(wallet: WalletID) async throws(HubError) -> [AccountBalance] {
        do { return try await store.balances(wallet: wallet) } catch { throw HubError(error) }
    }

    /// The wallet's ledger lines, oldest first.
    public func entries(wallet: WalletID, limit: Int, cursor: String?) async throws(HubError) -> Page<LedgerLine> {
        do { return try await store.entries(wallet: wallet, limit: limit, cursor: cursor) } catch { throw HubError(error) }
    }

    /// The wallet's payments, newest first.
    public func payments(wallet: WalletID, limit: Int, cursor: String?) async throws(HubError) -> Page<Payment> {
        do { return try await store.payments(wallet: wallet, limit: limit, cursor: cursor) } catch { throw HubError(error) }
    }
}
