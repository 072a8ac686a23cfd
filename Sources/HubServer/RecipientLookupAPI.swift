import Foundation
import Hub
import Hummingbird
import Webhooks

/// `POST /v1/recipients/lookup`: whose account a withdrawal would pay, and whether it can receive money, asked of
/// the provider the withdrawal would go to. Read-only, so no Idempotency-Key; rate-limited per API key.
extension WalletAPI {
    func lookUpRecipient(_ request: Request) async throws -> Response {
        let caller = Hex.encode(SHA256.hash(Array((request.headers[.authorization] ?? "").utf8)))
        if let wait = configuration.lookupLimiter.take(caller, now: Date()) { throw Problem.rateLimited(retryAfter: wait) }
        guard Self.isJSON(request.headers[.contentType]) else { throw Problem.unsupportedMediaType }
        let body = try await collect(request, limit: configuration.maxRequestBytes, timeout: configuration.bodyTimeout)
        switch try RecipientLookupBody.parse(body) {
        case .mobileMoney(let counterparty, let currency, let amount, let provider):
            let lookup = try await call { () throws(HubError) in
                try await hub.lookUpRecipient(counterparty, currency: currency, amount: amount, provider: provider)
            }
            return try JSONResponse(.ok, RecipientLookupResource(lookup, revealNames: hub.lookupSettings.revealNames))
        case .bankAccount(let account):
            return try JSONResponse(.ok, RecipientLookupResource(bankAccount: account, checkedAt: hub.now()))
        case .localBankAccount(let account, let currency, let provider):
            let lookup = try await call { () throws(HubError) in
                try await hub.lookUpBankAccount(account, currency: currency, provider: provider)
            }
            let resource = RecipientLookupResource(lookup, revealNames: hub.lookupSettings.revealNames, localAccount: account)
            return try JSONResponse(.ok, resource)
        }
    }
}

/// The body of a lookup, checked field by field. A `bank_account` is an IBAN (checked by its digits alone) or an
/// account number at a bank named by its local code (asked of a provider that resolves such accounts).
enum RecipientLookupBody {
    case mobileMoney(Counterparty, currency: Currency?, amount: Int64?, provider: ProviderID?)
    case bankAccount(BankAccountNumber)
    case localBankAccount(LocalBankAccount, currency: Currency, provider: ProviderID?)

    static func parse(_ body: Data) throws(Problem) -> RecipientLookupBody {
        let parsed: JSONValue
        do { parsed = try StrictJSON.parse(body) } catch { throw Problem.invalid("the body must be a JSON object: \(error)") }
        guard let object = parsed.object else { throw Problem.invalid("the body must be a JSON object") }
        do {
            switch object["type"]?.string {
            case "mobile_money":
                try Self.only(["type", "msisdn", "country", "currency", "amount", "provider"], in: object)
                let country = try object["country"].map { _ in try PaymentRequestBody.string(object, "country") }
                let msisdn = try Market.mobileNumber(try PaymentRequestBody.string(object, "msisdn"), country: country)
                let currency = try object["currency"].map { _ in try Self.currency(object) }
                var amount: Int64?
                if object["amount"] != nil {
                    let minor = try PaymentRequestBody.integer(object, "amount")
                    guard minor > 0 else { throw ValidationError(field: "amount", "must be a positive integer in minor units") }
                    amount = minor
                }
                let provider = try object["provider"].map { _ in ProviderID(try PaymentRequestBody.string(object, "provider")) }
                return .mobileMoney(.mobileMoney(msisdn), currency: currency, amount: amount, provider: provider)
            case "bank_account" where object["iban"] == nil:
                guard object["account_number"] != nil || object["bank_code"] != nil else {
                    throw ValidationError(field: "account_number", "give an account_number with a bank_code and a currency, or an iban")
                }
                try Self.only(["type", "account_number", "bank_code", "currency", "provider"], in: object)
                let account = try LocalBankAccount(number: try PaymentRequestBody.string(object, "account_number"),
                                                   bankCode: try PaymentRequestBody.string(object, "bank_code"))
                let provider = try object["provider"].map { _ in ProviderID(try PaymentRequestBody.string(object, "provider")) }
                return .localBankAccount(account, currency: try Self.currency(object), provider: provider)
            case "bank_account":
                if let local = ["account_number", "bank_code"].first(where: { object[$0] != nil }) {
                    throw ValidationError(field: local, "give either an iban or an account_number with a bank_code, not both")
                }
                try Self.only(["type", "iban", "bic"], in: object)
                let iban = try PaymentRequestBody.string(object, "iban")
                let bic = try object["bic"].map { _ in try PaymentRequestBody.string(object, "bic") }
                return .bankAccount(try BankAccountNumber(iban: iban, bic: bic))
            default:
                throw ValidationError(field: "type", "must be 'mobile_money' or 'bank_account'")
            }
        } catch let error as ValidationError {
            throw Problem.invalid(error.message, field: error.field)
        } catch {
            throw Problem.invalid("the body could not be read")
        }
    }

    /// `currency`, required, an ISO 4217 code the hub knows.
    static func currency(_ object: [String: JSONValue]) throws -> Currency {
        do { return try Currency.parse(try PaymentRequestBody.string(object, "currency")) } catch let error as MoneyError {
            throw ValidationError(field: "currency", error.description)
        }
    }

    static func only(_ allowed: Set<String>, in object: [String: JSONValue]) throws(ValidationError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ValidationError(field: String(unknown.prefix(40)), "unknown field")
        }
    }
}

/// The answer: `lookup` says whether a provider was asked (`checked`), could not be (`unsupported`), or, for an
/// IBAN, only the number's own checks were made (`validated`). A bank account is echoed redacted: the IBAN's
/// country, check digits and last four, or an account number's last four with its bank code.
struct RecipientLookupResource: Encodable {
    var lookup: String
    var active: Bool?
    /// Masked (`J*** U****`) unless the configuration reveals names.
    var name: String?
    var nameMasked: Bool
    var provider: String?
    var checkedAt: String
    var iban: String?
    var bic: String?
    var accountNumber: String?
    var bankCode: String?

    init(_ result: RecipientLookup, revealNames: Bool, localAccount: LocalBankAccount? = nil) {
        accountNumber = localAccount?.redactedNumber
        bankCode = localAccount?.bankCode
        provider = result.provider.rawValue
        checkedAt = Timestamp.iso8601(result.checkedAt)
        nameMasked = !revealNames
        switch result.outcome {
        case .checked(let check):
            lookup = "checked"
            active = check.active
            name = revealNames ? check.name : check.maskedName
        case .unsupported:
            lookup = "unsupported"
        }
    }

    init(bankAccount: BankAccountNumber, checkedAt: Date) {
        lookup = "validated"
        nameMasked = true
        self.checkedAt = Timestamp.iso8601(checkedAt)
        iban = bankAccount.redactedIBAN
        bic = bankAccount.bic
    }

    enum CodingKeys: String, CodingKey {
        case lookup, active, name, provider, iban, bic
        case accountNumber = "account_number"
        case bankCode = "bank_code"
        case nameMasked = "name_masked"
        case checkedAt = "checked_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lookup, forKey: .lookup)
        try container.encode(active, forKey: .active)
        try container.encode(name, forKey: .name)
        try container.encode(nameMasked, forKey: .nameMasked)
        try container.encode(provider, forKey: .provider)
        try container.encode(checkedAt, forKey: .checkedAt)
        try container.encodeIfPresent(iban, forKey: .iban)
        try container.encodeIfPresent(bic, forKey: .bic)
        try container.encodeIfPresent(accountNumber, forKey: .accountNumber)
        try container.encodeIfPresent(bankCode, forKey: .bankCode)
    }
}
