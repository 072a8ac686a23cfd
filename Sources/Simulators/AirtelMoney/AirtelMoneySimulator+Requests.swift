import Foundation
import HubKit
import Hummingbird

/// Where an authorised call is made: `X-Country` and `X-Currency`, once checked to be a pair the simulator serves.
struct AirtelMoneyMarket: Sendable {
    let country: AirtelMoneyCountry
    let currency: Currency
}

/// What every API call shares: the bearer token, the country and currency headers, MSISDNs and amounts.
extension AirtelMoneySimulator {
    /// Checks `Authorization: Bearer` (401 unless issued here and unexpired), then `X-Country` and `X-Currency`
    /// (400 unless present and a consistent pair).
    func authorize(_ request: Request) async throws(AirtelMoneyHTTPFailure) -> AirtelMoneyMarket {
        guard let authorization = AirtelMoneyHTTP.header("Authorization", of: request),
              authorization.lowercased().hasPrefix("bearer "),
              await tokens.isValid(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else { throw .invalidToken }
        guard let countryCode = AirtelMoneyHTTP.header("X-Country", of: request) else {
            throw AirtelMoneyHTTPFailure(.badRequest, "Missing header/body params: X-Country", resultCode: "ROUTER003")
        }
        guard let country = AirtelMoneyCountry.named(countryCode) else {
            throw AirtelMoneyHTTPFailure(.badRequest, "Invalid Country", resultCode: "ROUTER006")
        }
        guard let currencyCode = AirtelMoneyHTTP.header("X-Currency", of: request) else {
            throw AirtelMoneyHTTPFailure(.badRequest, "Invalid/Missing Currency", resultCode: "ROUTER119")
        }
        guard let currency = country.accepts(currency: currencyCode) else {
            throw AirtelMoneyHTTPFailure(.badRequest, "Invalid Currency", resultCode: "ROUTER112")
        }
        return AirtelMoneyMarket(country: country, currency: currency)
    }

    /// A national MSISDN of the market's country: digits only, the country's length, no calling code.
    func validateMSISDN(_ value: SimulatorJSON?, field: String, in market: AirtelMoneyMarket) throws(AirtelMoneyHTTPFailure) -> String {
        guard let msisdn = value?.text else { throw .fieldValidation("\(field) is mandatory, as a string.") }
        switch market.country.problem(with: msisdn) {
        case nil:
            return msisdn
        case .notDigits:
            throw .fieldValidation("\(field) must contain digits only.")
        case .carriesCountryCode:
            throw AirtelMoneyHTTPFailure(
                .badRequest,
                "Invalid MSISDN Length. MSISDN Length should be \(market.country.nationalLength): do not send the country code.",
                resultCode: "ESB000033"
            )
        case .wrongLength:
            throw AirtelMoneyHTTPFailure(
                .badRequest, "Invalid MSISDN Length. MSISDN Length should be \(market.country.nationalLength)", resultCode: "ESB000033"
            )
        }
    }

    /// `amount` as a JSON number (`1000`) or string (`"1000"`): positive, in major units, with no more decimals
    /// than the currency has (none for UGX and RWF). Anything else is refused with `invalidAmount`.
    func validateAmount(
        _ value: SimulatorJSON?, in market: AirtelMoneyMarket, invalidAmount: AirtelMoneyResponseCode
    ) throws(AirtelMoneyHTTPFailure) -> Money {
        let text: String? = switch value {
        case .number(let number): number
        case .string(let string): string
        default: nil
        }
        guard let text, let amount = try? Money(parsing: text, currency: market.currency), amount.minorUnits > 0 else {
            throw .fieldValidation(
                "Invalid Amount: a positive number with at most \(market.currency.exponent) decimals for \(market.currency.code).",
                responseCode: invalidAmount
            )
        }
        return amount
    }

    /// A mandatory non-empty string field.
    func requireText(_ value: SimulatorJSON?, field: String) throws(AirtelMoneyHTTPFailure) -> String {
        guard let text = value?.text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .fieldValidation("\(field) is mandatory, as a non-empty string.")
        }
        return text
    }

    /// An optional `country` or `currency` field must agree with the headers when present.
    func checkAgrees(_ object: SimulatorJSON?, with market: AirtelMoneyMarket, path: String) throws(AirtelMoneyHTTPFailure) {
        if let country = object?["country"]?.text, country.uppercased() != market.country.code {
            throw AirtelMoneyHTTPFailure(
                .badRequest, "Invalid Country Name: \(path).country differs from X-Country", resultCode: "ESB000034"
            )
        }
        if let currency = object?["currency"]?.text, currency.uppercased() != market.currency.code {
            throw AirtelMoneyHTTPFailure(
                .badRequest, "Invalid Currency Code: \(path).currency differs from X-Currency", resultCode: "ESB000035"
            )
        }
    }

    /// For a v2 call: the message-signing headers must sign exactly `body`; any failure is 403 with `mismatch`.
    func verifySignature(of request: Request, body: [UInt8], mismatch: AirtelMoneyResponseCode) throws(AirtelMoneyHTTPFailure) {
        do {
            try signing.verify(body: body, xKey: AirtelMoneyHTTP.header("x-key", of: request),
                               xSignature: AirtelMoneyHTTP.header("x-signature", of: request))
        } catch {
            throw AirtelMoneyHTTPFailure(.forbidden, mismatch.message, resultCode: "ESB000011", responseCode: mismatch)
        }
    }
}
