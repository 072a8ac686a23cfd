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
        }
    }
}

/// The body of a lookup, checked field by field.
enum RecipientLookupBody {
    case mobileMoney(Counterparty, currency: Currency?, amount: Int64?, provider: ProviderID?)
    case bankAccount(BankAccountNumber)

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
                var currency: Currency?
                if object["currency"] != nil {
                    do { currency = try Currency.parse(try PaymentRequestBody.string(object, "currency")) } catch let error as MoneyError {
                        throw ValidationError(field: "currency", error.description)
                    }
                }
                var amount: Int64?
                if object["amount"] != nil {
                    let minor = try PaymentRequestBody.integer(object, "amount")
                    guard minor > 0 else { throw ValidationError(field: "amount", "must be a positive integer in minor units") }
                    amount = minor
                }
                let provider = try object["provider"].map { _ in ProviderID(try PaymentRequestBody.string(object, "provider")) }
                return .mobileMoney(.mobileMoney(msisdn), currency: currency, amount: amount, provider: provider)
            case "bank_account":
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

    static func only(_ allowed: Set<String>, in object: [String: JSONValue]) throws(ValidationError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ValidationError(field: String(unknown.prefix(40)), "unknown field")
        }
    }
}

/// The answer: `lookup` says whether a provider was asked (`checked`), could not be (`unsupported`), or, for a bank
/// account, only the number's own checks were made (`validated`).
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

    init(_ result: RecipientLookup, revealNames: Bool) {
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
    }
}
