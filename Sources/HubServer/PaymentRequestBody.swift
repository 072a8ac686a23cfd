import Foundation
import Hub

/// The JSON body of `POST /v1/top-ups` and `POST /v1/withdrawals`, checked field by field so that every
/// mistake gets a problem naming the field.
struct PaymentRequestBody {
    static func parse(_ body: Data, kind: PaymentKind, idempotencyKey: String) throws(Problem) -> PaymentRequest {
        let parsed: JSONValue
        do { parsed = try StrictJSON.parse(body) } catch { throw Problem.invalid("the body must be a JSON object: \(error)") }
        guard let object = parsed.object else { throw Problem.invalid("the body must be a JSON object") }
        let partyField = kind == .topUp ? "source" : "destination"
        let allowed = Set(["wallet_id", "amount", "currency", partyField, "provider", "metadata"]
            + (kind == .withdrawal ? ["require_active_recipient"] : []))
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem.invalid("unknown field '\(unknown.prefix(40))'", field: String(unknown.prefix(40)))
        }
        do {
            let wallet = try WalletID(try string(object, "wallet_id"))
            let currency: Currency
            do { currency = try Currency.parse(try string(object, "currency")) } catch let error as MoneyError {
                throw ValidationError(field: "currency", error.description)
            }
            let minor = try integer(object, "amount")
            let amount: Money
            do { amount = try Money.positive(minorUnits: minor, currency: currency) } catch {
                throw ValidationError(field: "amount", "must be a positive integer in minor units")
            }
            guard let party = object[partyField]?.object else {
                throw ValidationError(field: partyField, "must be an object with a 'type'")
            }
            let counterparty = try Self.counterparty(party, field: partyField, kind: kind)
            var provider: ProviderID?
            if object["provider"] != nil { provider = ProviderID(try string(object, "provider")) }
            var metadata: [String: String] = [:]
            if let raw = object["metadata"] {
                guard let values = raw.object, values.values.allSatisfy({ $0.string != nil }) else {
                    throw ValidationError(field: "metadata", "must be an object of string values")
                }
                guard values.allSatisfy({ Self.isPlainText($0.key) && Self.isPlainText($0.value.string!) }) else {
                    throw ValidationError(field: "metadata", "keys and values must not hold control or bidirectional-override characters")
                }
                metadata = values.mapValues { $0.string! }
            }
            var request = try PaymentRequest(kind: kind, walletID: wallet, amount: amount, counterparty: counterparty,
                                             provider: provider, metadata: metadata, idempotencyKey: idempotencyKey)
            if let raw = object["require_active_recipient"] {
                guard case .bool(let required) = raw else { throw ValidationError(field: "require_active_recipient", "must be true or false") }
                request.requireActiveRecipient = required
            }
            return request
        } catch let error as ValidationError {
            throw Problem.invalid(error.message, field: error.field)
        } catch {
            throw Problem.invalid("the body could not be read")
        }
    }

    static func counterparty(_ party: [String: JSONValue], field: String, kind: PaymentKind) throws -> Counterparty {
        let allowed: Set<String> = ["type", "msisdn", "country", "payment_method"]
        if let unknown = party.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ValidationError(field: "\(field).\(unknown.prefix(40))", "unknown field")
        }
        switch party["type"]?.string {
        case "mobile_money":
            guard let msisdn = party["msisdn"]?.string else {
                throw ValidationError(field: "\(field).msisdn", "is required for mobile_money")
            }
            let country = try party["country"].map { value throws(ValidationError) in
                guard let text = value.string, text.count == 2 else { throw ValidationError(field: "\(field).country", "must be an ISO 3166-1 alpha-2 code") }
                return text
            }
            do { return .mobileMoney(try Market.mobileNumber(msisdn, country: country)) } catch {
                throw ValidationError(field: "\(field).\(error.field)", error.message)
            }
        case "card" where kind == .topUp:
            // The card provider's token, in its own format (`pm_…`, `flw-t1nf-…`): never a card number, so it
            // must hold a letter.
            guard let token = party["payment_method"]?.string, (4...255).contains(token.count),
                  token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }),
                  token.contains(where: \.isLetter)
            else { throw ValidationError(field: "\(field).payment_method", "must be a card provider's payment-method token, never a card number") }
            return .card(paymentMethod: token)
        default:
            throw ValidationError(field: "\(field).type", kind == .topUp ? "must be 'mobile_money' or 'card'" : "must be 'mobile_money'")
        }
    }

    /// Text without control characters (a NUL cuts a string short in C code and log lines, a newline forges a log
    /// line) or bidirectional formatting characters (an RTL override makes a dashboard show other text than is stored).
    static func isPlainText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            !(scalar.properties.generalCategory == .control || scalar.properties.isBidiControl)
        }
    }

    static func string(_ object: [String: JSONValue], _ key: String) throws(ValidationError) -> String {
        guard let value = object[key] else { throw ValidationError(field: key, "is required") }
        guard let text = value.string else { throw ValidationError(field: key, "must be a string") }
        return text
    }

    /// A JSON integer: `100`, not `100.0`, `"100"`, `1e2` or `true`.
    static func integer(_ object: [String: JSONValue], _ key: String) throws(ValidationError) -> Int64 {
        guard let value = object[key] else { throw ValidationError(field: key, "is required") }
        guard case .integer(let number) = value else {
            throw ValidationError(field: key, "must be an integer number of minor units (at most \(Int64.max))")
        }
        return number
    }
}
