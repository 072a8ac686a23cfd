/// A country the hub serves mobile money in: its calling code, its currency, the length of its national numbers,
/// the prefixes of its mobile ranges, and its mobile networks by prefix (national significant number, without the
/// trunk `0`). From the countries' numbering plans as the regulators publish them (RURA, UCC, CA Kenya, TCRA).
public struct Market: Sendable, Hashable {
    /// ISO 3166-1 alpha-2.
    public let country: String
    /// E.164 country calling code, without `+`.
    public let callingCode: String
    public let currency: Currency
    /// Digits of a national significant number (after the calling code).
    public let nationalLength: Int
    /// Prefixes of the national numbers that are mobile.
    public let mobilePrefixes: [String]
    /// Mobile networks and their national prefixes.
    public let networks: [Network]

    public struct Network: Sendable, Hashable {
        /// The operator's name as routing speaks of it: `MTN`, `Airtel`, `Safaricom`.
        public let name: String
        public let prefixes: [String]
    }

    /// Every market, in the order the hub lists them.
    public static let all: [Market] = [
        Market(country: "RW", callingCode: "250", currency: .RWF, nationalLength: 9, mobilePrefixes: ["72", "73", "78", "79"], networks: [
            Network(name: "MTN", prefixes: ["78", "79"]), Network(name: "Airtel", prefixes: ["72", "73"]),
        ]),
        Market(country: "UG", callingCode: "256", currency: .UGX, nationalLength: 9, mobilePrefixes: ["7"], networks: [
            Network(name: "MTN", prefixes: ["76", "77", "78"]), Network(name: "Airtel", prefixes: ["70", "74", "75"]),
        ]),
        Market(country: "KE", callingCode: "254", currency: .KES, nationalLength: 9, mobilePrefixes: ["7", "1"], networks: [
            Network(name: "Safaricom", prefixes: ["70", "71", "72", "740", "741", "742", "743", "745", "746", "748", "757", "758", "759",
                                                  "768", "769", "79", "110", "111", "112", "113", "114", "115"]),
            Network(name: "Airtel", prefixes: ["73", "750", "751", "752", "753", "754", "755", "756", "762", "78", "100", "101", "102"]),
        ]),
        Market(country: "TZ", callingCode: "255", currency: .TZS, nationalLength: 9, mobilePrefixes: ["6", "7"], networks: [
            Network(name: "Vodacom", prefixes: ["74", "75", "76"]), Network(name: "Airtel", prefixes: ["68", "69", "78"]),
            Network(name: "Tigo", prefixes: ["65", "67", "71"]), Network(name: "Halotel", prefixes: ["61", "62"]),
        ]),
    ]

    /// The market of a country code, or `nil`.
    public static func of(country: String) -> Market? {
        all.first { $0.country == country.uppercased() }
    }

    /// The market whose calling code starts the number, or `nil`.
    public static func of(_ msisdn: MSISDN) -> Market? {
        all.first { msisdn.digits.hasPrefix($0.callingCode) }
    }

    /// The number's national significant number, if it belongs to this market.
    public func nationalNumber(of msisdn: MSISDN) -> String? {
        msisdn.digits.hasPrefix(callingCode) ? String(msisdn.digits.dropFirst(callingCode.count)) : nil
    }

    /// The network whose prefix starts the number (longest prefix first), or `nil`.
    public func network(of msisdn: MSISDN) -> String? {
        guard let national = nationalNumber(of: msisdn) else { return nil }
        return networks.flatMap { network in network.prefixes.map { (network.name, $0) } }
            .filter { national.hasPrefix($0.1) }.max { $0.1.count < $1.1.count }?.0
    }

    /// A mobile number as the wallet API accepts it, in E.164: `+250788123456`; or, with `country`, a national form
    /// (`0788123456`, `788123456`, spaces and dashes allowed). A number of a market must have the market's length
    /// and lie in its mobile ranges; a number of another country is taken as E.164 alone.
    public static func mobileNumber(_ text: String, country: String? = nil) throws(ValidationError) -> MSISDN {
        let compact = String(text.filter { $0 != " " && $0 != "-" })
        let msisdn: MSISDN
        if compact.hasPrefix("+") {
            msisdn = try MSISDN(compact)
            if let country, let market = of(country: country), market.nationalNumber(of: msisdn) == nil {
                throw ValidationError(field: "msisdn", "is not a number of \(market.country) (+\(market.callingCode))")
            }
        } else {
            guard let country else {
                throw ValidationError(field: "msisdn", "must be in E.164 form (+ and the country code), or give 'country' for a national number")
            }
            guard let market = of(country: country) else {
                throw ValidationError(field: "country", "national numbers are read for \(all.map(\.country).joined(separator: ", ")) only")
            }
            var national = Substring(compact)
            if national.hasPrefix("0") { national = national.dropFirst() }
            guard national.allSatisfy(\.isASCIIDigit) else { throw ValidationError(field: "msisdn", "must be digits") }
            msisdn = try MSISDN("+" + market.callingCode + national)
        }
        if let market = of(msisdn), let national = market.nationalNumber(of: msisdn) {
            guard national.count == market.nationalLength else {
                throw ValidationError(field: "msisdn", "a number of \(market.country) has \(market.nationalLength) digits after +\(market.callingCode)")
            }
            guard market.mobilePrefixes.contains(where: national.hasPrefix) else {
                throw ValidationError(field: "msisdn", "is not in the mobile ranges of \(market.country)")
            }
        }
        return msisdn
    }
}
