import Providers
import Simulators

/// Every provider the hub can be configured with: one line each, its adapter's plugin beside its simulator's.
/// Configuration, `hub serve`, `hub simulate`, the demo, the bench and the tests all work from this list.
public let providerPlugins: [PluginPair] = [
    PluginPair(MTNMoMoPlugin(), simulator: MoMoSimulatorPlugin()),
    PluginPair(StripePlugin(), simulator: StripeSimulatorPlugin()),
    PluginPair(FlutterwavePlugin(), simulator: FlutterwaveSimulatorPlugin()),
    PluginPair(AirtelMoneyPlugin(), simulator: AirtelMoneySimulatorPlugin()),
    PluginPair(MPesaPlugin(), simulator: MPesaSimulatorPlugin()),
]
