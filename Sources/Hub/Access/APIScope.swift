/// What an API key may do. Every `/v1` route needs exactly one scope; a key holds any set of them.
///
/// `payments:write` moves money (top-ups, withdrawals, refunds); `payments:read` reads payments, balances, ledger
/// lines and providers, and makes recipient lookups (they move no money); `admin` is for operators: resolving a
/// payment flagged for review, redelivering an event, reading the audit trail.
public enum APIScope: String, Sendable, CaseIterable, Comparable {
    case paymentsWrite = "payments:write"
    case paymentsRead = "payments:read"
    case admin

    public static func < (lhs: APIScope, rhs: APIScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
