import Hub

/// One of Airtel Money's markets: its ISO 3166-1 alpha-2 code, the currencies its wallets hold, its country calling
/// code, and the length of a national number there. Airtel wants numbers without the calling code ("Do not send
/// country code in msisdn").
struct AirtelMoneyMarket: Sendable, Equatable {
    let country: String
    let callingCode: String
    /// The first is the default when the configuration names none.
    let currencies: [Currency]
    /// Digits of a national number, where every number of the country has the same length.
    let nationalDigits: Int?

    private init(_ country: String, _ callingCode: String, _ currencies: [Currency?], _ nationalDigits: Int?) {
        self.country = country
        self.callingCode = callingCode
        self.currencies = currencies.compactMap { $0 }
        self.nationalDigits = nationalDigits
    }

    /// Airtel Africa's markets whose currency the hub knows (Madagascar's MGA and the Seychelles' SCR are not in the
    /// hub's currency table, so those two markets cannot be configured).
    static let all: [AirtelMoneyMarket] = [
        AirtelMoneyMarket("UG", "256", [.UGX], 9),
        AirtelMoneyMarket("RW", "250", [.RWF], 9),
        AirtelMoneyMarket("KE", "254", [.KES], 9),
        AirtelMoneyMarket("TZ", "255", [Currency(code: "TZS")], 9),
        AirtelMoneyMarket("ZM", "260", [Currency(code: "ZMW")], 9),
        AirtelMoneyMarket("MW", "265", [Currency(code: "MWK")], 9),
        AirtelMoneyMarket("CD", "243", [Currency(code: "CDF"), .USD], 9),
        AirtelMoneyMarket("NG", "234", [Currency(code: "NGN")], 10),
        AirtelMoneyMarket("NE", "227", [Currency(code: "XOF")], 8),
        AirtelMoneyMarket("TD", "235", [Currency(code: "XAF")], 8),
        AirtelMoneyMarket("CG", "242", [Currency(code: "XAF")], nil),
        AirtelMoneyMarket("GA", "241", [Currency(code: "XAF")], nil),
    ]

    static func named(_ country: String) -> AirtelMoneyMarket? { all.first { $0.country == country } }

    /// The national number Airtel wants, or `nil` for a number of another country (or of the wrong length).
    func nationalNumber(_ msisdn: MSISDN) -> String? {
        guard msisdn.digits.hasPrefix(callingCode) else { return nil }
        let national = String(msisdn.digits.dropFirst(callingCode.count))
        guard !national.isEmpty, nationalDigits.map({ national.count == $0 }) ?? true else { return nil }
        return national
    }
}
