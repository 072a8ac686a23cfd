import Foundation
import Hub
import Webhooks

/// Flutterwave (v3) as the hub's configuration, `hub serve` and `hub simulate flutterwave` know it.
///
/// ```yaml
/// providers:
///   flutterwave:
///     type: flutterwave
///     secret_key: { env: FLW_SECRET_KEY }                    # FLWSECK-… or FLWSECK_TEST-…
///     webhook_secret_hashes: [{ env: FLW_SECRET_HASH }]      # the dashboard's "secret hash"
///     currencies: [UGX, KES]
///     account_resolution_currencies: [NGN, GHS]               # bank-account lookups (the default)
/// ```
/// The simulator's connection carries `secret_key` and `webhook_secret_hash`.
public struct FlutterwavePlugin: ProviderPlugin {
    public init() {}

    public var type: String { "flutterwave" }

    public var settingKeys: [String] {
        ["base_url", "secret_key", "webhook_secret_hashes", "customer_email", "beneficiary_name", "currencies", "countries",
         "account_resolution_currencies", "expected_callback_seconds"]
    }

    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_FLUTTERWAVE_", switchesToService: "SECRET_KEY", settings: [
            .init("SECRET_KEY", "secret_key"),
            .init("WEBHOOK_SECRET_HASHES", "webhook_secret_hashes", isList: true),
            .init("BASE_URL", "base_url"),
        ])
    }

    public func readSettings(_ reader: any ProviderSettingsReader) -> FlutterwaveConfiguration {
        var configuration = FlutterwaveConfiguration()
        if let url = reader.url("base_url") { configuration.baseURL = url }
        configuration.secretKey = reader.credential("secret_key") {
            $0.hasPrefix("FLWSECK-") || $0.hasPrefix("FLWSECK_TEST-") ? nil : "expected a Flutterwave secret key (FLWSECK-… or FLWSECK_TEST-…)"
        } ?? ""
        configuration.webhookSecretHashes = reader.credentialList("webhook_secret_hashes") { $0.isEmpty ? "must not be empty" : nil }
        if let email = reader.text("customer_email") {
            if email.contains("@") { configuration.customerEmail = email } else { reader.report("customer_email", "expected an email address") }
        }
        if let name = reader.text("beneficiary_name") {
            if name.isEmpty { reader.report("beneficiary_name", "must not be empty") } else { configuration.beneficiaryName = name }
        }
        if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
        if let countries = reader.countries("countries") { configuration.countries = countries }
        if let currencies = reader.currencies("account_resolution_currencies") { configuration.accountResolutionCurrencies = currencies }
        if let seconds = reader.seconds("expected_callback_seconds") { configuration.expectedCallbackSeconds = seconds }
        return configuration
    }

    public func connect(_ settings: FlutterwaveConfiguration, to simulator: SimulatorConnection) -> FlutterwaveConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.secretKey = simulator["secret_key"]
        settings.webhookSecretHashes = [simulator["webhook_secret_hash"]]
        return settings
    }

    public func makeProvider(id: ProviderID, settings: FlutterwaveConfiguration) -> any PaymentProvider {
        FlutterwaveProvider(id: id, configuration: settings)
    }
}
