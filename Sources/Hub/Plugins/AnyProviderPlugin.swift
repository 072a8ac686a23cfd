import Foundation

/// A `ProviderPlugin` with its settings type erased, so plugins of every provider fit in one list.
public struct AnyProviderPlugin: Sendable {
    public let type: String
    public let settingKeys: [String]
    public let environment: EnvironmentOverrideTable
    public let reportReader: (any ProviderReportReader)?
    public let mobileNetworks: MobileNetworks
    private let configure: @Sendable (any ProviderSettingsReader, ProviderID) -> ConfiguredProvider

    public init<Plugin: ProviderPlugin>(_ plugin: Plugin) {
        type = plugin.type
        settingKeys = plugin.settingKeys
        environment = plugin.environment
        reportReader = plugin.reportReader
        mobileNetworks = plugin.mobileNetworks
        configure = { reader, id in
            let settings = plugin.readSettings(reader)
            return ConfiguredProvider(id: id, type: plugin.type, simulated: reader.simulated) { simulator in
                plugin.makeProvider(id: id, settings: simulator.map { plugin.connect(settings, to: $0) } ?? settings)
            }
        }
    }

    /// Reads a provider's section through `reader`; meaningful only if the reader reported no problem.
    public func configure(id: ProviderID, reader: any ProviderSettingsReader) -> ConfiguredProvider {
        configure(reader, id)
    }
}

/// One provider of the configuration: its id, its plugin's type, whether its simulator runs in the hub, and how
/// its adapter is built from the settings read.
public struct ConfiguredProvider: Sendable {
    /// The id routing rules, webhook URLs (`/webhooks/{id}/…`) and ledger accounts use.
    public let id: ProviderID
    public let type: String
    /// Run the provider's simulator in the hub's process; the adapter is then built with `connectedTo`.
    public let simulated: Bool
    private let make: @Sendable (SimulatorConnection?) -> any PaymentProvider

    public init(id: ProviderID, type: String, simulated: Bool, make: @escaping @Sendable (SimulatorConnection?) -> any PaymentProvider) {
        self.id = id
        self.type = type
        self.simulated = simulated
        self.make = make
    }

    /// The adapter, pointed at `simulator` when one was started for it.
    public func provider(connectedTo simulator: SimulatorConnection? = nil) -> any PaymentProvider { make(simulator) }
}
