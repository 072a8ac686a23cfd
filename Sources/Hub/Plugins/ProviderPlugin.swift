import Foundation

/// Everything the hub needs to know about one kind of provider, in one value: its configuration `type`, how its
/// settings are read and checked, its environment overrides, how its adapter is built, how it is pointed at its
/// simulator, and how its transaction report is read. A provider is its folders and one line in the plugin list;
/// configuration, `hub serve`, `hub simulate`, the demo, the bench and the tests all work from that list.
public protocol ProviderPlugin: Sendable {
    /// What the plugin reads from a provider's section of the configuration.
    associatedtype Settings: Sendable

    /// The configuration's `type` (`mtn-momo`): lower-case letters, digits and `-`.
    var type: String { get }
    /// The keys a provider's section may hold besides `type` and `simulated`; any other key is an error.
    var settingKeys: [String] { get }
    /// The `HUB_<PREFIX>_*` variables that override the configuration's one provider of this type.
    var environment: EnvironmentOverrideTable { get }

    /// Reads the settings. Problems are reported through `reader`, each by its key path; the value returned when
    /// there were problems is never used. With `reader.simulated`, address and credentials are optional.
    func readSettings(_ reader: any ProviderSettingsReader) -> Settings
    /// Points the settings at a simulator of this type started for the run.
    func connect(_ settings: Settings, to simulator: SimulatorConnection) -> Settings
    /// The adapter, a stateless value.
    func makeProvider(id: ProviderID, settings: Settings) -> any PaymentProvider
    /// Reads the provider's transaction report for `hub reconcile`, or `nil` if the provider offers none.
    var reportReader: (any ProviderReportReader)? { get }
    /// Whose mobile-money subscribers the provider reaches, for the routing of the built-in configuration (`hub
    /// serve` without a file): a mobile operator's own API reaches its network's numbers only.
    var mobileNetworks: MobileNetworks { get }
}

extension ProviderPlugin {
    public var reportReader: (any ProviderReportReader)? { nil }
    public var mobileNetworks: MobileNetworks { .any }
}

/// The mobile networks a provider reaches.
public enum MobileNetworks: Sendable, Equatable {
    /// The subscribers of these networks only (`Market.Network.name`: `MTN`, `Airtel`, `Safaricom`).
    case only([String])
    /// Any network's, as an aggregator does (or no mobile money at all: the capabilities say so).
    case any
}

/// Reads a provider's transaction report (its reporting export) into records `Reconciler` compares.
public protocol ProviderReportReader: Sendable {
    func records(from body: Data) throws -> [ProviderRecord]
}

/// The `HUB_<PREFIX>_*` overrides of one provider type: `HUB_MOMO_BASE_URL` sets `providers.<id>.base_url` of the
/// configuration's one `mtn-momo` provider. Setting the `switchesToService` variable also sets `simulated: false`.
public struct EnvironmentOverrideTable: Sendable {
    public struct Setting: Sendable {
        /// After the prefix: `BASE_URL`.
        public var suffix: String
        /// The key path under the provider: `base_url`, `collection.api_key`.
        public var key: String
        /// A comma-separated variable sets a list.
        public var isList: Bool

        public init(_ suffix: String, _ key: String, isList: Bool = false) {
            self.suffix = suffix
            self.key = key
            self.isList = isList
        }
    }

    /// `HUB_MOMO_`.
    public var prefix: String
    /// The suffix whose variable switches the provider from its simulator to the real service.
    public var switchesToService: String
    public var settings: [Setting]

    public init(prefix: String, switchesToService: String, settings: [Setting]) {
        self.prefix = prefix
        self.switchesToService = switchesToService
        self.settings = settings
    }
}
