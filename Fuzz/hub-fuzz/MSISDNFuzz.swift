import Hub

/// MSISDN and national mobile number parsing. Input: a selector byte (which country, if any, the number is read
/// for), then the text. Invariants: an accepted number is `+` and 8–15 ASCII digits without a leading zero, reads
/// back from its E.164 form to itself, belongs to the market it was read for, and its description never shows
/// more than its last three digits.
enum MSISDNFuzz {
    static let target = FuzzTarget(name: "msisdn", run: run, seeds: seeds)
    static let countries: [String?] = [nil] + (Market.all.map(\.country) + ["rw", "US", "R"]).map { Optional($0) }

    static func run(_ bytes: [UInt8]) {
        let input = FuzzInput(bytes)
        let text = input.text(after: 1)
        if let msisdn = try? MSISDN(text) { check(msisdn) }
        let country = countries[Int(input.byte(0)) % countries.count]
        guard let msisdn = try? Market.mobileNumber(text, country: country) else { return }
        check(msisdn)
        if let country, let market = Market.of(country: country), market.nationalNumber(of: msisdn) == nil {
            violated("a number read for \(market.country) that is not of \(market.country)")
        }
        if let market = Market.of(msisdn) { _ = market.network(of: msisdn) }
    }

    static func check(_ msisdn: MSISDN) {
        let digits = msisdn.digits
        guard (8...15).contains(digits.utf8.count), digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }), digits.first != "0" else {
            violated("an MSISDN that is not 8 to 15 ASCII digits")
        }
        guard (try? MSISDN(msisdn.e164)) == msisdn else { violated("an MSISDN that does not read back from E.164") }
        guard msisdn.description == msisdn.redacted, !msisdn.description.contains(String(digits.dropLast(3))),
              msisdn.redacted.hasSuffix(String(digits.suffix(3))) else { violated("an MSISDN description showing more than three digits") }
    }

    static func seeds(_ fixtures: FixtureFiles) throws -> [[UInt8]] {
        let numbers = ["+250788123456", "0788123456", "788 123 456", "+256-772-123456", "0712345678", "+255754123456", "+14155550100",
                       "+0250788123456", "+２５０７８８１２３４５６", " +250788123456 "]
        return countries.indices.flatMap { index in numbers.map { [UInt8(index)] + Array($0.utf8) } }
    }
}
