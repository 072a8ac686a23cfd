import Foundation
import HubKit

/// The Mpesa simulator as `hub simulate mpesa` and `simulated: true` start it.
public struct MpesaSimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "mpesa" }

    public var options: [SimulatorOption] { [] }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        let secretKey = "test_" + UUID().uuidString.lowercased()
        return PluggedSimulator(simulator: MpesaSimulator(secretKey: secretKey), credentials: ["secret_key": secretKey])
    }

    /// Fill in from the scenario table: a succeeding counterparty, one amount per declared currency, the
    /// documented declines with their codes, the unknown outcomes, lenient requests. Until then the
    /// conformance test says so.
    public var conformance: ConformanceScenarios? { nil }
}
