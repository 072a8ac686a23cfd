import Foundation

/// One account's balances in one currency, in minor units, maintained on every posting.
///
/// Accounts are credit-normal from the hub's point of view: a wallet's `posted` is what the hub owes its
/// owner. Pending amounts are two-phase holds not yet posted or voided.
public struct AccountBalance: Sendable, Equatable, Codable {
    public var account: String
    public var currency: Currency
    public var debitsPosted: Int64
    public var creditsPosted: Int64
    public var debitsPending: Int64
    public var creditsPending: Int64

    /// Credits minus debits of posted transfers.
    public var posted: Int64 { creditsPosted - debitsPosted }
    /// Held by transfers still pending (withdrawals in flight).
    public var held: Int64 { debitsPending }
    /// What can be spent now: posted minus held.
    public var available: Int64 { posted - debitsPending }

    public init(account: String, currency: Currency, debitsPosted: Int64 = 0, creditsPosted: Int64 = 0,
                debitsPending: Int64 = 0, creditsPending: Int64 = 0) {
        self.account = account
        self.currency = currency
        self.debitsPosted = debitsPosted
        self.creditsPosted = creditsPosted
        self.debitsPending = debitsPending
        self.creditsPending = creditsPending
    }
}

/// The kind of a ledger transfer. Transfers are append-only: a hold is resolved by a later `post` or
/// `void` transfer that names it, never by editing it.
public enum TransferKind: String, Sendable, Codable, CaseIterable {
    /// A posted transfer (a top-up credited to a wallet).
    case posted
    /// A two-phase hold: reduces the debit account's available balance at once.
    case hold
    /// Completes a hold: its amount becomes posted.
    case post
    /// Cancels a hold: its amount is released.
    case void
    /// Undoes an earlier posted transfer with the opposite entry.
    case reversal
}

/// One transfer as seen from one account: a line of a wallet's statement.
public struct LedgerLine: Sendable, Equatable {
    public enum Direction: String, Sendable, Codable { case debit, credit }

    public var transferID: Int64
    public var kind: TransferKind
    public var direction: Direction
    public var amount: Money
    /// The other account of the transfer.
    public var counterAccount: String
    public var paymentID: PaymentID?
    /// Set on a reversal that took an account below zero because the money had already left.
    public var flagged: Bool
    public var createdAt: Date

    package init(transferID: Int64, kind: TransferKind, direction: Direction, amount: Money, counterAccount: String,
                 paymentID: PaymentID? = nil, flagged: Bool, createdAt: Date) {
        self.transferID = transferID
        self.kind = kind
        self.direction = direction
        self.amount = amount
        self.counterAccount = counterAccount
        self.paymentID = paymentID
        self.flagged = flagged
        self.createdAt = createdAt
    }
}

/// The result of checking the ledger's invariants. `violations` is empty when all hold.
public struct LedgerVerification: Sendable {
    public var transfersChecked: Int
    public var accountsChecked: Int
    public var violations: [String]
    public var isValid: Bool { violations.isEmpty }
}
