import HubKit

/// A country the Airtel Money Open API serves: its `X-Country`, the currencies `X-Currency` may name with it, and
/// the shape of its national mobile numbers.
///
/// MSISDNs travel without the country calling code ("Do not send country code in msisdn"): Uganda's
/// `+256 752 604 392` is sent as `752604392`. A number that still carries the code, or has another length, is
/// refused.
public struct AirtelMoneyCountry: Sendable, Hashable {
    /// ISO 3166-1 alpha-2, as `X-Country` carries it (`UG`).
    public let code: String
    /// The currencies the country's wallets hold; the first is the national one.
    public let currencies: [Currency]
    /// The international calling code without `+` (`256`).
    public let callingCode: String
    /// How many digits a national number has, without the calling code and without a leading `0`.
    public let nationalLength: Int

    /// The countries the simulator serves. The Democratic Republic of the Congo also runs USD wallets.
    public static let all: [AirtelMoneyCountry] = [
        AirtelMoneyCountry(code: "UG", currencies: [.UGX], callingCode: "256", nationalLength: 9),
        AirtelMoneyCountry(code: "RW", currencies: [.RWF], callingCode: "250", nationalLength: 9),
        AirtelMoneyCountry(code: "KE", currencies: [.KES], callingCode: "254", nationalLength: 9),
        AirtelMoneyCountry(code: "TZ", currencies: currencies("TZS"), callingCode: "255", nationalLength: 9),
        AirtelMoneyCountry(code: "ZM", currencies: currencies("ZMW"), callingCode: "260", nationalLength: 9),
        AirtelMoneyCountry(code: "MW", currencies: currencies("MWK"), callingCode: "265", nationalLength: 9),
        AirtelMoneyCountry(code: "CD", currencies: currencies("CDF", "USD"), callingCode: "243", nationalLength: 9),
        AirtelMoneyCountry(code: "NG", currencies: currencies("NGN"), callingCode: "234", nationalLength: 10),
    ]

    /// The country of an `X-Country` value, matched case-insensitively; `nil` for one the simulator does not serve.
    public static func named(_ code: String) -> AirtelMoneyCountry? {
        all.first { $0.code == code.uppercased() }
    }

    /// Whether `currency` (an `X-Currency` value, any case) is one of the country's.
    public func accepts(currency code: String) -> Currency? {
        currencies.first { $0.code == code.uppercased() }
    }

    /// Why `msisdn` is not a national number of this country, or `nil` if it is one.
    func problem(with msisdn: String) -> AirtelMoneyMSISDNProblem? {
        guard !msisdn.isEmpty, msisdn.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return .notDigits }
        if msisdn.count == callingCode.count + nationalLength, msisdn.hasPrefix(callingCode) { return .carriesCountryCode }
        return msisdn.count == nationalLength ? nil : .wrongLength
    }

    /// Currencies the hub knows by code; every code listed above is one of them.
    private static func currencies(_ codes: String...) -> [Currency] {
        codes.compactMap { Currency(code: $0) }
    }
}

/// Why an MSISDN was refused.
enum AirtelMoneyMSISDNProblem: Sendable, Hashable {
    case notDigits
    case carriesCountryCode
    case wrongLength
}
