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

    /// Payments passing `query`, newest first.
    public func payments(matching query: PaymentQuery, limit: Int, cursor: String?) async throws(HubError) -> Page<Payment> {
        do { return try await store.payments(matching: query, limit: limit, cursor: cursor) } catch { throw HubError(error) }
    }

    /// The payment with everything recorded about it, or `nil`.
    public func timeline(of id: PaymentID) async throws(HubError) -> PaymentTimeline? {
        do { return try await store.timeline(of: id) } catch { throw HubError(error) }
    }

    /// Payments flagged for an operator, the longest waiting first.
    public func paymentsNeedingReview(limit: Int) async throws(HubError) -> [Payment] {
        do { return try await store.paymentsNeedingReview(limit: limit) } catch { throw HubError(error) }
    }

    /// The latest anomalies recorded for operators, newest first.
    public func anomalies(limit: Int) async throws(HubError) -> [Anomaly] {
        do { return try await store.anomalies(limit: limit) } catch { throw HubError(error) }
    }

    /// Checks every ledger invariant from the stored transfers.
    public func verifyLedger() async throws(HubError) -> LedgerVerification {
        do { return try await store.verifyLedger() } catch { throw HubError(error) }
    }
}
