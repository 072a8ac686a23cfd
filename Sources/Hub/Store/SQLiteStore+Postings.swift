import Foundation
import GRDB

/// A posted transfer between two named accounts, outside any payment: an operator's adjustment, a fee
/// sweep, or a bulk import. Accounts are created with zero balances on first use.
public struct LedgerPosting: Sendable, Equatable {
    public var debitAccount: String
    public var creditAccount: String
    public var amount: Money
    public var paymentID: PaymentID?

    public init(debitAccount: String, creditAccount: String, amount: Money, paymentID: PaymentID? = nil) {
        self.debitAccount = debitAccount
        self.creditAccount = creditAccount
        self.amount = amount
        self.paymentID = paymentID
    }
}

extension SQLiteStore {
    /// Writes every posting, and the balance updates of the accounts they touch (one per account, with its
    /// net totals), in one transaction: all of them are durable when this returns, or none is. Returns the
    /// transfers' ids in the order given.
    /// A posting whose two accounts are the same refuses the whole batch (`conflict`) before anything is written.
    @discardableResult
    public func post(_ postings: [LedgerPosting], at time: Date = Date()) async throws(StoreError) -> [Int64] {
        guard postings.allSatisfy({ $0.debitAccount != $0.creditAccount }) else {
            throw StoreError(.conflict, "a posting needs two different accounts")
        }
        return try await write { db in
            var accounts: [String: SQLiteLedger.Account] = [:]
            func account(_ name: String, _ currency: Currency) throws -> SQLiteLedger.Account {
                let key = currency.code + " " + name
                if let known = accounts[key] { return known }
                let found = try SQLiteLedger.account(db, name: name, currency: currency, create: true)!
                accounts[key] = found
                return found
            }
            let entries = try postings.map { posting in
                let currency = posting.amount.currency
                return (debit: try account(posting.debitAccount, currency), credit: try account(posting.creditAccount, currency),
                        amount: posting.amount, paymentID: posting.paymentID)
            }
            return try SQLiteLedger.postTransfers(db, entries, at: time)
        }
    }
}
