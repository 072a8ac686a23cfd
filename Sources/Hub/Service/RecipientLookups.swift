import Foundation
import Synchronization

/// How recipient lookups behave: how long an answer may be reused, and whether names are given in full.
public struct RecipientLookupSettings: Sendable, Equatable {
    /// How long an answer is reused for the same recipient and provider; `0` asks the provider every time.
    public var cacheSeconds: Int
    /// Whether the answer carries the holder's name as the provider gave it, rather than masked (`J*** U****`).
    public var revealNames: Bool

    public init(cacheSeconds: Int = 60, revealNames: Bool = false) {
        self.cacheSeconds = cacheSeconds
        self.revealNames = revealNames
    }
}

/// The answer to a recipient lookup.
public struct RecipientLookup: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// The provider answered.
        case checked(RecipientCheck)
        /// The provider the payout would go to (or the one named) cannot look up this kind of recipient: it has no
        /// lookup at all, or none for bank accounts in this currency.
        case unsupported
    }

    /// The provider asked, or the one that could not be.
    public var provider: ProviderID
    public var outcome: Outcome
    /// When the provider answered (for a cached answer, when it first did).
    public var checkedAt: Date

    public init(provider: ProviderID, outcome: Outcome, checkedAt: Date) {
        self.provider = provider
        self.outcome = outcome
        self.checkedAt = checkedAt
    }

    /// Whether the provider said the account can receive money.
    public var isActive: Bool {
        if case .checked(let check) = outcome { return check.active }
        return false
    }
}

/// What a lookup asks about: a recipient a payment could name (a mobile number), or a local bank account.
enum LookupSubject: Hashable, Sendable, CustomStringConvertible {
    case recipient(RecipientQuery)
    case bankAccount(BankAccountQuery)

    /// Redacted, safe to log.
    var description: String {
        switch self {
        case .recipient(let query): "\(query.counterparty)"
        case .bankAccount(let query): "\(query)"
        }
    }
}

/// Provider answers kept for `RecipientLookupSettings.cacheSeconds`, at most `capacity` of them (the oldest go
/// first). Never persisted: a name is personal data and stays in memory only as long as configured.
final class RecipientLookupCache: Sendable {
    struct Key: Hashable {
        let provider: ProviderID
        let subject: LookupSubject
    }

    private struct Entry {
        let check: RecipientCheck
        let checkedAt: Date
    }

    private let state = Mutex<[Key: Entry]>([:])
    let lifetime: TimeInterval
    let capacity: Int

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The kept answer, if younger than the lifetime.
    func answer(_ key: Key, now: Date) -> (check: RecipientCheck, checkedAt: Date)? {
        guard lifetime > 0 else { return nil }
        return state.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard now.timeIntervalSince(entry.checkedAt) < lifetime else {
                entries[key] = nil
                return nil
            }
            return (entry.check, entry.checkedAt)
        }
    }

    func keep(_ check: RecipientCheck, for key: Key, at time: Date) {
        guard lifetime > 0 else { return }
        state.withLock { entries in
            if entries.count >= capacity {
                let expired = entries.filter { time.timeIntervalSince($0.value.checkedAt) >= lifetime }.map(\.key)
                for key in expired { entries[key] = nil }
                if entries.count >= capacity, let oldest = entries.min(by: { $0.value.checkedAt < $1.value.checkedAt })?.key {
                    entries[oldest] = nil
                }
            }
            entries[key] = Entry(check: check, checkedAt: time)
        }
    }
}
