import HubTesting
import Providers
import Simulators
import Testing

/// AirtelMoney against its own simulator, through a real hub over loopback HTTP; the table is printed.
@Suite struct AirtelMoneyConformanceTests {
    @Test func conformance() async {
        let report = await ProviderConformance.run(plugin: AirtelMoneyPlugin(), simulator: AirtelMoneySimulatorPlugin())
        print(report)
        #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
    }
}
