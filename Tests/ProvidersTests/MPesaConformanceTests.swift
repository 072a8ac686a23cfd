import HubTesting
import Providers
import Simulators
import Testing

/// MPesa against its own simulator, through a real hub over loopback HTTP; the table is printed.
@Suite struct MPesaConformanceTests {
    @Test func conformance() async {
        let report = await ProviderConformance.run(plugin: MPesaPlugin(), simulator: MPesaSimulatorPlugin())
        print(report)
        #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
    }
}
