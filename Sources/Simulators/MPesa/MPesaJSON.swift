import Foundation
import HubKit

/// Daraja's JSON: numbers keep their text (so an amount of `10.5` is seen as a fraction, not rounded, and a
/// balance is written `999850.00` as Safaricom writes it) and object keys keep their order: the simulators' shared
/// exact-number JSON value and parser.
typealias MPesaJSON = SimulatorJSON
typealias MPesaJSONParser = SimulatorJSONParser

extension SimulatorJSON {
    /// An amount in whole shillings as a JSON number (`150`), as callbacks and B2C results carry it.
    static func shillings(_ amount: Money) -> SimulatorJSON {
        .number(MPesaAmount.wholeShillings(amount))
    }

    /// An amount with two decimals as a JSON number (`999850.00`), as B2C results report account funds.
    static func decimal(_ amount: Money) -> SimulatorJSON {
        .number(amount.decimalString)
    }

    /// A `{"Key","Value"}` pair of `ResultParameters` or `ReferenceData`; `nil` leaves `Value` out.
    static func keyValue(_ key: String, _ value: SimulatorJSON?) -> SimulatorJSON {
        .object([("Key", .string(key))] + (value.map { [("Value", $0)] } ?? []))
    }
}

/// A request's JSON object, read as leniently as Daraja reads it: a numeric field may be a JSON number or a string,
/// fields Daraja does not know are ignored.
struct MPesaRequestBody: Sendable {
    let json: MPesaJSON

    /// A field given as a string or a number, as its text, trimmed; `nil` when absent, `null`, empty or of another type.
    func text(_ key: String) -> String? {
        let text: String
        switch json[key] {
        case .string(let value)?: text = value
        case .number(let value)?: text = value
        default: return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The first of `keys` present (documented spellings of one field, such as `Occasion` and `Occassion`).
    func text(anyOf keys: [String]) -> String? {
        keys.lazy.compactMap(text).first
    }

    /// A field that must be present and satisfy `isValid`, else 400 "Bad Request - Invalid <key>".
    func required(
        _ key: String, anyOf aliases: [String] = [], _ isValid: (String) -> Bool = { _ in true }
    ) throws(MPesaHTTPFailure) -> String {
        guard let value = text(anyOf: [key] + aliases), isValid(value) else { throw .invalid(key) }
        return value
    }

    /// A field that may be absent, but when present must satisfy `isValid`.
    func optional(_ key: String, anyOf aliases: [String] = [], _ isValid: (String) -> Bool) throws(MPesaHTTPFailure) -> String? {
        guard let value = text(anyOf: [key] + aliases) else { return nil }
        guard isValid(value) else { throw .invalid(key) }
        return value
    }
}

/// Daraja's amounts: whole shillings, written as a number or a numeric string.
enum MPesaAmount {
    /// A positive whole amount of KES: digits, optionally followed by a decimal point and zeros only (`150`, `"150"`,
    /// `150.00`); `nil` for a fraction, zero, a sign, an exponent or more than nine digits.
    static func parse(_ text: String) -> Money? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...9).contains(whole.count), MPesaValidation.isDigits(whole) else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 == "0" }) else { return nil }
        }
        guard let shillings = Int64(whole), shillings > 0 else { return nil }
        return try? Money(minorUnits: shillings * 100, currency: .KES)
    }

    /// The whole shillings of a KES amount (`15000` minor units → `150`); a fraction of a shilling is dropped, which
    /// never happens to an amount `parse` made.
    static func wholeShillings(_ amount: Money) -> String {
        String(amount.minorUnits / 100)
    }
}
