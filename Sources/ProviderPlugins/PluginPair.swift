import Hub
import Simulators

/// A provider's plugin and, when it has one, its simulator's.
public struct PluginPair: Sendable {
    public let provider: AnyProviderPlugin
    public let simulator: (any SimulatorPlugin)?

    public init<Plugin: ProviderPlugin>(_ provider: Plugin, simulator: (any SimulatorPlugin)? = nil) {
        self.provider = AnyProviderPlugin(provider)
        self.simulator = simulator
        precondition(simulator == nil || simulator?.type == provider.type, "a simulator plugin must stand in for its own provider type")
    }

    public var type: String { provider.type }
}

extension Array where Element == PluginPair {
    /// The provider plugins, for `HubConfiguration`.
    public var providers: [AnyProviderPlugin] { map(\.provider) }

    public subscript(type type: String) -> PluginPair? { first { $0.type == type } }
}
