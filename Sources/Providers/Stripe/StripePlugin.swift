import Foundation
import Hub
import Webhooks

/// Stripe as the hub's configuration, `hub serve` and `hub simulate stripe` know it.
///
/// ```yaml
/// providers:
///   stripe:
///     type: stripe
///     secret_key: { env: STRIPE_SECRET_KEY }          # sk_… or rk_…
///     webhook_secrets: [{ env: STRIPE_WEBHOOK_SECRET }]  # whsec_…; two while rotating
/// ```
/// The simulator's connection carries `secret_key` and `webhook_secret`.
public struct StripePlugin: ProviderPlugin {
    public init() {}

    /// Cards only: no mobile network's numbers.
    public var mobileNetworks: MobileNetworks { .only([]) }

    public var type: String { "stripe" }

    public var settingKeys: [String] { ["base_url", "secret_key", "webhook_secrets", "currencies", "countries"] }

    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_STRIPE_", switchesToService: "SECRET_KEY", settings: [
            .init("SECRET_KEY", "secret_key"),
            .init("WEBHOOK_SECRETS", "webhook_secrets", isList: true),
            .init("BASE_URL", "base_url"),
        ])
    }

    public func readSettings(_ reader: any ProviderSettingsReader) -> StripeConfiguration {
        var configuration = StripeConfiguration(secretKey: "", webhookSecrets: [])
        if let url = reader.url("base_url") { configuration.baseURL = url }
        configuration.secretKey = reader.credential("secret_key") {
            $0.hasPrefix("sk_") || $0.hasPrefix("rk_") ? nil : "expected a Stripe secret or restricted key (sk_… or rk_…)"
        } ?? ""
        configuration.webhookSecrets = reader.credentialList("webhook_secrets", validate: Self.webhookSecretProblem)
        // The verifier is built once with the adapter: secrets it cannot use stop start-up here, by key path,
        // instead of refusing every webhook later.
        if !configuration.webhookSecrets.isEmpty, configuration.webhookSecrets.allSatisfy({ !$0.isEmpty }) {
            do { _ = try StripeWebhookVerifier(secrets: configuration.webhookSecrets) } catch {
                reader.report("webhook_secrets", "not usable to verify Stripe signatures: \(error)")
            }
        }
        if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
        if let countries = reader.countries("countries") { configuration.countries = countries }
        return configuration
    }

    /// Stripe signs webhooks with the endpoint's `whsec_…` secret.
    static func webhookSecretProblem(_ secret: String) -> String? {
        secret.hasPrefix("whsec_") && secret.count > 6 ? nil : "expected a Stripe webhook signing secret (whsec_…)"
    }

    public func connect(_ settings: StripeConfiguration, to simulator: SimulatorConnection) -> StripeConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.secretKey = simulator["secret_key"]
        settings.webhookSecrets = [simulator["webhook_secret"]]
        return settings
    }

    public func makeProvider(id: ProviderID, settings: StripeConfiguration) -> any PaymentProvider {
        StripeProvider(id: id, configuration: settings)
    }
}
