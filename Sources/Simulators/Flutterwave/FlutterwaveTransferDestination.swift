/// Where a transfer goes, decided from `account_bank`: a bank code (digits, such as `044`) or a
/// mobile-money network (letters, such as `MPS` or `MTN`), with the networks each currency accepts as
/// data (PROVIDERS.md §8, from Flutterwave's mobile-money transfer pages).
enum FlutterwaveTransferDestination {
    case bank
    case mobileMoney

    /// Mobile-money networks accepted as `account_bank` per currency.
    static let networks: [String: [String]] = [
        "KES": ["MPS"],
        "ZMW": ["MPS"],
        "RWF": ["MPS", "MTN"],
        "UGX": ["MTN", "AIRTEL", "MPS"],
        "GHS": ["MTN", "VODAFONE", "AIRTELTIGO"],
        "TZS": ["AIRTEL", "HALOPESA", "TIGO", "VODACOM"],
        "XAF": ["MTN", "ORANGEMONEY"],
        "XOF": ["MOOV", "MTN", "ORANGE", "WAVE", "ORANGEMONEY"],
    ]

    /// The destination of `accountBank` in `currency`, or the 400 that refuses it.
    static func of(accountBank: String, accountNumber: String, currency: String) throws(FlutterwaveAPIError) -> Self {
        guard (3...11).contains(accountBank.count) else { throw .invalid("account_bank must be 3 to 11 characters long") }
        guard accountNumber.count <= 20 else { throw .invalid("account_number must be at most 20 characters long") }
        if accountBank.allSatisfy({ $0.isASCII && $0.isNumber }) { return .bank }
        guard let accepted = networks[currency] else {
            throw .invalid("Invalid account_bank \(accountBank.prefix(11)): \(currency) transfers go to bank codes")
        }
        guard accepted.contains(accountBank.uppercased()) else {
            throw .invalid(
                "Invalid account_bank \(accountBank.prefix(11)) for \(currency) mobile money: use \(accepted.joined(separator: ", "))"
            )
        }
        let digits = accountNumber.hasPrefix("+") ? Substring(accountNumber.dropFirst()) : Substring(accountNumber)
        guard (10...15).contains(digits.count), !digits.hasPrefix("0"), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalid("account_number must be the mobile number with its country code, e.g. 256700000000")
        }
        return .mobileMoney
    }

    /// Flutterwave's documented blacklisted test account (Access Bank `044`, `0690000036`).
    static func isBlacklisted(accountBank: String, accountNumber: String) -> Bool {
        accountBank == "044" && accountNumber == "0690000036"
    }
}
