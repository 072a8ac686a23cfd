import Foundation
import Hub

/// MPesa as the hub's configuration, `hub serve` and `hub simulate mpesa` know it.
///
/// Fill in: the keys a `providers.<id>` section of type `mpesa` may hold, how each is read and checked
/// (problems are reported by key path), the `HUB_MPESA_*` overrides, and what the simulator's
/// connection replaces.
public struct MPesaPlugin: ProviderPlugin {
    public init() {}

    public var type: String { "mpesa" }

    public var settingKeys: [String] { ["base_url", "secret_key", "currencies", "countries"] }

    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_MPESA_", switchesToService: "SECRET_KEY", settings: [
            .init("SECRET_KEY", "secret_key"),
            .init("BASE_URL", "base_url"),
        ])
    }

    public func readSettings(_ reader: any ProviderSettingsReader) -> MPesaConfiguration {
        var configuration = MPesaConfiguration()
        configuration.baseURL = reader.serviceURL("base_url") ?? ""
        configuration.secretKey = reader.credential("secret_key") ?? ""
        if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
        if let countries = reader.countries("countries") { configuration.countries = countries }
        return configuration
    }

    public func connect(_ settings: MPesaConfiguration, to simulator: SimulatorConnection) -> MPesaConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.secretKey = simulator["secret_key"]
        return settings
    }

    public func makeProvider(id: ProviderID, settings: MPesaConfiguration) -> any PaymentProvider {
        MPesaProvider(id: id, configuration: settings)
    }
}
