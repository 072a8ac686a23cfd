import Foundation
import Hub

/// MTN MoMo as the hub's configuration, `hub serve`, `hub simulate mtn-momo` and `hub reconcile` know it.
///
/// ```yaml
/// providers:
///   mtn-momo:
///     type: mtn-momo
///     base_url: https://proxy.momoapi.mtn.com
///     target_environment: mtnrwanda
///     collection: { subscription_key: { env: … }, api_user: { env: … }, api_key: { env: … } }
///     disbursement: { subscription_key: { env: … }, api_user: { env: … }, api_key: { env: … } }
/// ```
/// The simulator's connection carries `collection.*` and `disbursement.*` credentials and `target_environment`.
public struct MTNMoMoPlugin: ProviderPlugin {
    public init() {}

    /// MoMo's Open API reaches MTN subscribers only.
    public var mobileNetworks: MobileNetworks { .only(["MTN"]) }

    public var type: String { "mtn-momo" }

    public var settingKeys: [String] {
        ["base_url", "target_environment", "collection", "disbursement", "currencies", "countries", "expected_callback_seconds",
         "not_found_grace_seconds"]
    }

    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_MOMO_", switchesToService: "BASE_URL", settings: [
            .init("BASE_URL", "base_url"),
            .init("TARGET_ENVIRONMENT", "target_environment"),
            .init("COLLECTION_SUBSCRIPTION_KEY", "collection.subscription_key"),
            .init("COLLECTION_API_USER", "collection.api_user"),
            .init("COLLECTION_API_KEY", "collection.api_key"),
            .init("DISBURSEMENT_SUBSCRIPTION_KEY", "disbursement.subscription_key"),
            .init("DISBURSEMENT_API_USER", "disbursement.api_user"),
            .init("DISBURSEMENT_API_KEY", "disbursement.api_key"),
            .init("EXPECTED_CALLBACK_SECONDS", "expected_callback_seconds"),
            .init("NOT_FOUND_GRACE_SECONDS", "not_found_grace_seconds"),
        ])
    }

    static let productKeys = ["subscription_key", "api_user", "api_key"]

    public func readSettings(_ reader: any ProviderSettingsReader) -> MTNMoMoConfiguration {
        let empty = MTNMoMoConfiguration.Credentials(subscriptionKey: "", apiUser: "", apiKey: "")
        var configuration = MTNMoMoConfiguration(baseURL: reader.serviceURL("base_url") ?? "", targetEnvironment: "sandbox",
                                                 collection: empty, disbursement: empty)
        if let target = reader.text("target_environment") {
            if target.isEmpty { reader.report("target_environment", "must not be empty") } else { configuration.targetEnvironment = target }
        }
        for product in ["collection", "disbursement"] {
            let credentials = reader.section(product, keys: Self.productKeys) { section in
                MTNMoMoConfiguration.Credentials(subscriptionKey: section.credential("subscription_key") ?? "",
                                                 apiUser: section.credential("api_user") ?? "", apiKey: section.credential("api_key") ?? "")
            }
            if product == "collection" { configuration.collection = credentials ?? empty } else { configuration.disbursement = credentials ?? empty }
        }
        if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
        if let countries = reader.countries("countries") { configuration.countries = countries }
        if let seconds = reader.seconds("expected_callback_seconds") { configuration.expectedCallbackSeconds = seconds }
        if let seconds = reader.seconds("not_found_grace_seconds") { configuration.notFoundGraceSeconds = seconds }
        return configuration
    }

    public func connect(_ settings: MTNMoMoConfiguration, to simulator: SimulatorConnection) -> MTNMoMoConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.targetEnvironment = simulator["target_environment"]
        for product in ["collection", "disbursement"] {
            let credentials = MTNMoMoConfiguration.Credentials(subscriptionKey: simulator["\(product).subscription_key"],
                                                               apiUser: simulator["\(product).api_user"],
                                                               apiKey: simulator["\(product).api_key"])
            if product == "collection" { settings.collection = credentials } else { settings.disbursement = credentials }
        }
        return settings
    }

    public func makeProvider(id: ProviderID, settings: MTNMoMoConfiguration) -> any PaymentProvider {
        MTNMoMoProvider(id: id, configuration: settings)
    }

    public var reportReader: (any ProviderReportReader)? { MTNMoMoReportReader() }
}

struct MTNMoMoReportReader: ProviderReportReader {
    func records(from body: Data) throws -> [ProviderRecord] { try MTNMoMoReport.records(from: body) }
}
