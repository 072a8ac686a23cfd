import Foundation

/// A provider that can say whose a local bank account is before a withdrawal to it: an account number at a bank
/// named by its local code (a Nigerian NUBAN at bank `044`, say), the form most African banks are paid in, where
/// an IBAN would only be checked for its digits. It declares this as data: `.lookup` among its operations, and the
/// currencies whose accounts it resolves, so the hub chooses without calling; it is never asked about another
/// currency.
public protocol BankAccountLookupProvider: PaymentProvider {
    /// Currencies whose bank accounts this provider can resolve; may be narrower than `capabilities.currencies`.
    var bankAccountLookupCurrencies: Set<Currency> { get }

    /// Asks the provider about the account. An account the provider cannot resolve is `active: false`, never an
    /// error; an answer the hub could not get is a `ProviderError` (the lookup then answers 503, never a guess).
    func lookUp(_ query: BankAccountQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck
}

/// Which bank account a lookup is about, and in which currency it would be paid.
public struct BankAccountQuery: Sendable, Hashable, CustomStringConvertible {
    public var account: LocalBankAccount
    public var currency: Currency

    public init(account: LocalBankAccount, currency: Currency) {
        self.account = account
        self.currency = currency
    }

    /// Redacted, safe to log.
    public var description: String { "\(account) \(currency.code)" }
}

/// An account number and its bank's code, checked only for shape: the number is ASCII digits (6 to 20 of them,
/// which covers Nigeria's 10-digit NUBAN and the longer Kenyan and Ghanaian numbers), the bank code 1 to 12 ASCII
/// letters and digits. Whether the account exists is the provider's to say.
public struct LocalBankAccount: Sendable, Hashable, CustomStringConvertible {
    public static let numberLengths = 6...20
    public static let bankCodeLengths = 1...12

    /// Digits only, as given: leading zeros are part of the number.
    public let number: String
    /// As given (case kept): codes are the provider's, and some are letters (`MPS`) as well as digits (`044`).
    public let bankCode: String

    /// Refusals name the field and never repeat the value.
    public init(number: String, bankCode: String) throws(ValidationError) {
        guard Self.numberLengths.contains(number.count), number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            let lengths = Self.numberLengths
            throw ValidationError(field: "account_number", "must be \(lengths.lowerBound) to \(lengths.upperBound) digits")
        }
        guard Self.bankCodeLengths.contains(bankCode.count), bankCode.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(field: "bank_code", "must be 1 to \(Self.bankCodeLengths.upperBound) letters and digits")
        }
        self.number = number
        self.bankCode = bankCode
    }

    /// The last four digits behind dots (`••••6789`): safe to log and to answer with.
    public var redactedNumber: String { "••••" + number.suffix(4) }

    /// Redacted, safe to log: `bank_account 044 ••••6789`.
    public var description: String { "bank_account \(bankCode) \(redactedNumber)" }
}
