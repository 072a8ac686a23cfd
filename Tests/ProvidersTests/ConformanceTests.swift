@testable import HubTesting
import Providers
import Simulators
import Testing

/// Every adapter against its own simulator, through a real hub over loopback HTTP; the table is printed.
@Suite(.serialized) struct ConformanceTests {
    @Test func mtnMoMo() async {
        let report = await ProviderConformance.run(plugin: MTNMoMoPlugin(), simulator: MoMoSimulatorPlugin())
        print(report)
        #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
    }

    /// The same suite on the in-memory store, as an adapter's quick run would use it: every check passes there too.
    @Test func mtnMoMoOnTheMemoryStore() async {
        let report = await ProviderConformance.run(plugin: MTNMoMoPlugin(), simulator: MoMoSimulatorPlugin(), store: .memory)
        #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
        #expect(report.rows.count > 10)
    }

    @Test func stripe() async {
        let report = await ProviderConformance.run(plugin: StripePlugin(), simulator: StripeSimulatorPlugin())
        print(report)
        #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
    }

    @Test(arguments: [("4242424242424242", true), ("5531886652142950", true), ("4242424242424241", false), ("1790000000000", false)])
    func theLogCheckKnowsACardNumberByItsCheckDigit(digits: String, isCard: Bool) {
        #expect(ConformanceChecks.passesLuhn(digits[...]) == isCard)
    }
}
