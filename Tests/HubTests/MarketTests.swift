import Testing
@testable import Hub

/// Mobile numbers as the wallet API reads them: E.164, or a national form with its country; each checked against
/// its market's length and mobile ranges; networks told by prefix.
@Suite struct MarketTests {
    @Test(arguments: [
        ("+250788123456", nil, "250788123456"), ("0788123456", "RW", "250788123456"), ("788 123 456", "RW", "250788123456"),
        ("0772-123-456", "UG", "256772123456"), ("0712345678", "KE", "254712345678"), ("110123456", "KE", "254110123456"),
        ("0754123456", "TZ", "255754123456"), ("+250788123456", "RW", "250788123456"), ("+33612345678", nil, "33612345678"),
    ] as [(String, String?, String)])
    func acceptedForms(text: String, country: String?, digits: String) throws {
        #expect(try Market.mobileNumber(text, country: country).digits == digits)
    }

    @Test(arguments: [
        ("0788123456", nil, "msisdn"), ("0788123456", "FR", "country"), ("+25078812345", nil, "msisdn"), ("+2507881234567", nil, "msisdn"),
        ("+250252123456", nil, "msisdn"), ("+250788123456", "KE", "msisdn"), ("07881234x6", "RW", "msisdn"), ("+254212345678", nil, "msisdn"),
    ] as [(String, String?, String)])
    func refusedWithTheField(text: String, country: String?, field: String) {
        #expect(throws: ValidationError.self) { try Market.mobileNumber(text, country: country) }
        do { _ = try Market.mobileNumber(text, country: country) } catch { #expect(error.field == field, "\(text)") }
    }

    @Test(arguments: [
        ("+250788123456", "MTN"), ("+250731234567", "Airtel"), ("+256772123456", "MTN"), ("+256701234567", "Airtel"),
        ("+254712345678", "Safaricom"), ("+254733123456", "Airtel"), ("+254757123456", "Safaricom"), ("+254750123456", "Airtel"),
        ("+254110123456", "Safaricom"), ("+255754123456", "Vodacom"),
    ])
    func networksByPrefix(number: String, network: String) throws {
        let msisdn = try MSISDN(number)
        #expect(Market.of(msisdn)?.network(of: msisdn) == network)
    }
}
