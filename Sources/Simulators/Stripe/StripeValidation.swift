import HubKit

/// Checks of parameter values shared by the endpoints, with Stripe's messages.
enum StripeValidation {
    /// Stripe's largest amount, in minor units (eight digits).
    static let maximumAmount: Int64 = 99_999_999

    /// A positive integer amount in the currency's minor units: whole francs for a zero-decimal currency
    /// such as RWF, cents for USD. A three-decimal currency's amount must end in 0, as Stripe requires.
    static func amount(_ text: String, currency: Currency, param: String = "amount") throws(StripeAPIError) -> Money {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(text) else {
            throw .invalidRequest("Invalid integer: \(text)", param: param)
        }
        guard value >= 1 else { throw .invalidRequest("This value must be greater than or equal to 1.", param: param) }
        guard value <= maximumAmount else {
            throw .invalidRequest("Amount must be no more than \(maximumAmount).", param: param, code: "amount_too_large")
        }
        if currency.exponent == 3 && value % 10 != 0 {
            throw .invalidRequest(
                "Invalid amount: \(currency.code.lowercased()) amounts must be a multiple of 10 (the last decimal must be 0).",
                param: param, code: "invalid_amount"
            )
        }
        // 1 <= value <= maximumAmount.
        return try! Money.positive(minorUnits: value, currency: currency)
    }

    /// `true` or `false`; `nil` when absent.
    static func boolean(_ text: String?, param: String) throws(StripeAPIError) -> Bool? {
        switch text {
        case nil: return nil
        case "true": return true
        case "false": return false
        case .some(let other): throw .invalidRequest("Invalid boolean: \(other)", param: param)
        }
    }

    /// One of `allowed`; `nil` when absent.
    static func oneOf(_ text: String?, _ allowed: [String], param: String) throws(StripeAPIError) -> String? {
        guard let text else { return nil }
        guard allowed.contains(text) else {
            throw .invalidRequest("Invalid \(param): must be one of \(allowed.joined(separator: ", "))", param: param)
        }
        return text
    }

    /// `metadata[key]=value` pairs within Stripe's limits: 50 keys, keys up to 40 characters, values up to 500.
    static func metadata(_ form: StripeForm) throws(StripeAPIError) -> [String: String] {
        let metadata = try form.hash("metadata")
        guard metadata.count <= 50 else { throw .invalidRequest("Metadata can have at most 50 keys.", param: "metadata") }
        for (key, value) in metadata {
            guard !key.isEmpty, key.count <= 40 else {
                throw .invalidRequest("Metadata keys must be 1 to 40 characters long.", param: "metadata[\(key)]")
            }
            guard value.count <= 500 else {
                throw .invalidRequest("Metadata values can have up to 500 characters.", param: "metadata[\(key)]")
            }
        }
        return metadata
    }
}
