import Foundation
import HubKit

/// Field checks shared by the charge, transfer and refund endpoints. Each refusal is a 400 in
/// Flutterwave's error envelope, thrown before anything is recorded.
enum FlutterwaveValidation {
    /// A required string field; absent, `null`, empty or blank → "`name` is required".
    static func required(_ name: String, in body: SimulatorJSON) throws(FlutterwaveAPIError) -> String {
        guard let value = try optional(name, in: body) else { throw .invalid("\(name) is required") }
        return value
    }

    /// An optional string field; a value of another JSON type is refused, an empty string counts as absent.
    static func optional(_ name: String, in body: SimulatorJSON) throws(FlutterwaveAPIError) -> String? {
        switch body[name] {
        case nil, .null?: return nil
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        default: throw .invalid("\(name) must be a string")
        }
    }

    /// `currency`: a three-letter ISO 4217 code the hub knows, upper-cased as Flutterwave's own SDK does.
    static func currency(in body: SimulatorJSON) throws(FlutterwaveAPIError) -> Currency {
        let code = try required("currency", in: body).uppercased()
        guard code.count == 3, let currency = Currency(code: code) else { throw .invalid("Invalid currency: \(code.prefix(8))") }
        return currency
    }

    /// `amount` in major units, as a JSON number (`1500`, `10.5`) or a numeric string (`"1500"`, which
    /// Flutterwave's own examples send), converted exactly to minor units. Refused: absent, zero,
    /// negative, an exponent (`1e3`), or more decimals than the currency has (`1500.5` RWF).
    static func amount(
        _ name: String = "amount", in body: SimulatorJSON, currency: Currency
    ) throws(FlutterwaveAPIError) -> Money {
        let text: String
        switch body[name] {
        case nil, .null?: throw .invalid("\(name) is required")
        case .number(let literal)?: text = literal
        case .string(let literal)?: text = literal.trimmingCharacters(in: .whitespaces)
        default: throw .invalid("\(name) must be a number")
        }
        let money: Money
        do {
            money = try Money(parsing: text, currency: currency)
        } catch {
            switch error {
            case .tooManyDecimals:
                throw .invalid("Invalid \(name): \(currency.code) amounts have at most \(currency.exponent) decimal places")
            case .unknownCurrency, .malformedAmount, .notPositive, .overflow, .currencyMismatch:
                throw .invalid("Invalid \(name): expected a positive decimal number in major units")
            }
        }
        guard money.minorUnits > 0 else { throw .invalid("Invalid \(name): it must be greater than 0") }
        guard money.minorUnits <= PaymentLimits.defaultMaximum else { throw .invalid("Invalid \(name): it is too large") }
        return money
    }

    /// `meta`, any JSON value, kept as compact JSON text; `nil` when absent or `null`.
    static func meta(in body: SimulatorJSON) -> String? {
        switch body["meta"] {
        case nil, .null?: nil
        case let value?: String(decoding: value.bytes, as: UTF8.self)
        }
    }

    /// `tx_ref` or `reference`: at most 100 characters, as Flutterwave's SDK schema allows.
    static func reference(_ name: String, _ value: String) throws(FlutterwaveAPIError) -> String {
        guard value.count <= 100 else { throw .invalid("\(name) must be at most 100 characters long") }
        return value
    }

    /// A customer's email: something before and after one `@`.
    static func email(in body: SimulatorJSON) throws(FlutterwaveAPIError) -> String {
        let email = try required("email", in: body)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 100 else {
            throw .invalid("email must be a valid email address")
        }
        return email
    }

    /// A phone number or MSISDN: digits with an optional leading `+`, 7 to 20 digits.
    static func phoneNumber(_ name: String, in body: SimulatorJSON) throws(FlutterwaveAPIError) -> String {
        let phone = try required(name, in: body)
        let digits = phone.hasPrefix("+") ? phone.dropFirst() : Substring(phone)
        guard (7...20).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("\(name) should be digits")
        }
        return phone
    }
}
