import Foundation

public enum PaymentKind: String, Sendable, Codable, CaseIterable {
    /// Money pulled from a phone, card or bank into a wallet.
    case topUp = "top_up"
    /// Money paid out of a wallet to a phone or bank account.
    case withdrawal
}

/// Where a payment stands. See `PaymentStateMachine` for the allowed moves.
public enum PaymentState: String, Sendable, Codable, CaseIterable {
    /// Recorded, not yet at a provider (for a withdrawal, the funds are already held).
    case created
    /// At a provider, outcome not known yet: sent and waiting, or sent with no readable answer.
    case pending
    case succeeded
    /// A definite decline, or rejected before anything was sent. No money moved.
    case failed
    /// A succeeded payment undone by a new, reversing ledger entry.
    case reversed

    /// No provider outcome can change this state any more (a succeeded payment may still be reversed).
    public var isFinal: Bool { self == .succeeded || self == .failed || self == .reversed }
}
