import Foundation

/// A provider that can say, before a withdrawal, whether an account can receive money and whose it is (MTN MoMo's
/// account-holder check and basic user info, Airtel's KYC enquiry). Providers that cannot are plain
/// `PaymentProvider`s and leave `.lookup` out of their capabilities, or declare it for bank accounts alone
/// (`BankAccountLookupProvider`); a lookup of a mobile number routed to one answers "unsupported".
public protocol RecipientLookupProvider: PaymentProvider {
    /// Asks the provider about the recipient. A recipient the provider does not know is `active: false`, never an
    /// error; an answer the hub could not get is a `ProviderError` (the lookup then answers 503, never a guess).
    func lookUp(_ query: RecipientQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck
}

/// Whom a lookup is about.
public struct RecipientQuery: Sendable, Hashable {
    public var counterparty: Counterparty
    public var currency: Currency

    public init(counterparty: Counterparty, currency: Currency) {
        self.counterparty = counterparty
        self.currency = currency
    }
}

/// What a provider says of a recipient.
public struct RecipientCheck: Sendable, Equatable {
    /// Whether the account exists and can receive money now.
    public var active: Bool
    /// The holder's name as the provider gives it, given names first; `nil` when it gives none.
    public var name: String?

    public init(active: Bool, name: String? = nil) {
        self.active = active
        self.name = name
    }

    /// `name` with every word cut to its first letter followed by `*`s (`JEAN UWASE` → `J*** U****`), the form
    /// the hub answers with unless the configuration reveals names.
    public var maskedName: String? {
        name.map { full in
            full.split(separator: " ", omittingEmptySubsequences: true).map { word in
                String(word.prefix(1)) + String(repeating: "*", count: max(0, word.count - 1))
            }.joined(separator: " ")
        }
    }
}
