/// A bank account as an IBAN (ISO 13616) and an optional BIC (ISO 9362), checked as far as the numbers themselves
/// allow: the IBAN's length for its country where known, its check digits (mod 97), the BIC's shape and its country.
public struct BankAccountNumber: Sendable, Hashable {
    /// Upper case, without spaces.
    public let iban: String
    public let bic: String?

    /// IBAN lengths of countries the hub's markets bank with (ISO 13616 registry).
    static let lengths: [String: Int] = [
        "BI": 27, "EG": 29, "MU": 30, "MA": 28, "TN": 24, "SC": 31, "DJ": 27, "LY": 25, "SD": 18, "SO": 23,
        "DE": 22, "FR": 27, "GB": 22, "BE": 16, "NL": 18, "CH": 21, "AE": 23, "SA": 24,
    ]

    public init(iban text: String, bic bicText: String? = nil) throws(ValidationError) {
        let iban = String(text.filter { $0 != " " }).uppercased()
        guard (15...34).contains(iban.count), iban.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(field: "iban", "must be 15 to 34 letters and digits")
        }
        let country = String(iban.prefix(2))
        guard country.allSatisfy(\.isLetter), iban.dropFirst(2).prefix(2).allSatisfy(\.isNumber) else {
            throw ValidationError(field: "iban", "must start with a country code and two check digits")
        }
        if let length = Self.lengths[country], iban.count != length {
            throw ValidationError(field: "iban", "an IBAN of \(country) has \(length) characters")
        }
        guard Self.remainder(iban) == 1 else { throw ValidationError(field: "iban", "the check digits do not match") }
        self.iban = iban
        if let bicText {
            let bic = bicText.uppercased()
            let letters = bic.prefix(6), rest = bic.dropFirst(6)
            guard bic.count == 8 || bic.count == 11, letters.allSatisfy({ $0.isASCII && $0.isLetter }),
                  rest.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ValidationError(field: "bic", "must be 8 or 11 characters: bank, country, location and branch codes")
            }
            guard bic.dropFirst(4).prefix(2) == country else {
                throw ValidationError(field: "bic", "names another country than the IBAN")
            }
            self.bic = bic
        } else {
            self.bic = nil
        }
    }

    /// The IBAN mod 97, computed on the rearranged number (country and check digits moved to the end, letters as
    /// 10…35), a few digits at a time so that nothing overflows.
    static func remainder(_ iban: String) -> Int {
        var remainder = 0
        for character in iban.dropFirst(4) + iban.prefix(4) {
            // Only ASCII letters and digits reach here (checked in `init`).
            let value = character.wholeNumberValue ?? Int(character.asciiValue ?? 55) - 55
            remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97
        }
        return remainder
    }

    /// The country and check digits, dots, and the last four characters: safe to log and to answer with.
    public var redactedIBAN: String {
        String(iban.prefix(4)) + String(repeating: "•", count: max(0, iban.count - 8)) + String(iban.suffix(4))
    }
}
