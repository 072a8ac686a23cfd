import Foundation
import Hub

/// Airtel Money as the hub's configuration, `hub serve` and `hub simulate airtel-money` know it.
///
/// ```yaml
/// providers:
///   airtel-ug:
///     type: airtel-money
///     base_url: https://openapi.airtel.africa
///     client_id: { env: AIRTEL_CLIENT_ID }
///     client_secret: { env: AIRTEL_CLIENT_SECRET }
///     country: UG                                          # currency defaults to the country's: UGX
///     pin: { env: AIRTEL_DISBURSEMENT_PIN }
///     encryption_public_key: { env: AIRTEL_PUBLIC_KEY }    # PEM PUBLIC KEY, or the portal's base64 key
///     callback_hash_key: { env: AIRTEL_CALLBACK_KEY }      # optional: callback authentication
/// ```
/// One provider serves one country: configure one per Airtel country. The simulator's connection carries
/// `client_id`, `client_secret`, `pin`, `encryption_public_key`, `callback_hash_key`, `country` and `currency`.
public struct AirtelMoneyPlugin: ProviderPlugin {
    public init() {}

    public var type: String { "airtel-money" }

    /// Airtel's Open API reaches Airtel subscribers only.
    public var mobileNetworks: MobileNetworks { .only(["Airtel"]) }

    public var settingKeys: [String] {
        ["base_url", "client_id", "client_secret", "country", "currency", "pin", "encryption_public_key", "callback_hash_key",
         "api_version", "expected_callback_seconds", "not_found_grace_seconds"]
    }

    /// `callback_hash_key` has no variable: it is read only as `{ env: NAME }` (see `readCallbackHashKey`).
    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_AIRTEL_", switchesToService: "BASE_URL", settings: [
            .init("BASE_URL", "base_url"),
            .init("CLIENT_ID", "client_id"),
            .init("CLIENT_SECRET", "client_secret"),
            .init("COUNTRY", "country"),
            .init("CURRENCY", "currency"),
            .init("PIN", "pin"),
            .init("ENCRYPTION_PUBLIC_KEY", "encryption_public_key"),
            .init("API_VERSION", "api_version"),
            .init("EXPECTED_CALLBACK_SECONDS", "expected_callback_seconds"),
            .init("NOT_FOUND_GRACE_SECONDS", "not_found_grace_seconds"),
        ])
    }

    public func readSettings(_ reader: any ProviderSettingsReader) -> AirtelMoneyConfiguration {
        var configuration = AirtelMoneyConfiguration(baseURL: reader.serviceURL("base_url") ?? "",
                                                     clientID: reader.credential("client_id") ?? "",
                                                     clientSecret: reader.credential("client_secret") ?? "")
        if let (country, currency) = Self.readMarket(reader) {
            configuration.country = country
            configuration.currency = currency
        }
        configuration.pin = reader.credential("pin") { pin in
            (4...6).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber } ? nil
                : "expected the disbursement PIN: 4 to 6 digits"
        } ?? ""
        configuration.encryptionKey = Self.readEncryptionKey(reader)
        configuration.callbackHashKey = Self.readCallbackHashKey(reader)
        if let text = reader.text("api_version") {
            if let version = AirtelMoneyConfiguration.APIVersion(rawValue: text) { configuration.apiVersion = version } else {
                reader.report("api_version", "expected v1 or v2, got \(text.prefix(20))")
            }
        }
        if let seconds = reader.seconds("expected_callback_seconds") { configuration.expectedCallbackSeconds = seconds }
        if let seconds = reader.seconds("not_found_grace_seconds") { configuration.notFoundGraceSeconds = seconds }
        return configuration
    }

    public func connect(_ settings: AirtelMoneyConfiguration, to simulator: SimulatorConnection) -> AirtelMoneyConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.clientID = simulator["client_id"]
        settings.clientSecret = simulator["client_secret"]
        settings.pin = simulator["pin"]
        settings.encryptionKey = try? AirtelMoneyEncryption.publicKey(simulator["encryption_public_key"])
        settings.callbackHashKey = simulator["callback_hash_key"].isEmpty ? nil : simulator["callback_hash_key"]
        if let market = AirtelMoneyMarket.named(simulator["country"]), let first = market.currencies.first {
            settings.country = market.country
            settings.currency = market.currencies.first { $0.code == simulator["currency"] } ?? first
        }
        return settings
    }

    public func makeProvider(id: ProviderID, settings: AirtelMoneyConfiguration) -> any PaymentProvider {
        AirtelMoneyProvider(id: id, configuration: settings)
    }
}
