import Foundation
import HubKit

/// How a provider's simulator is made, for `hub simulate <type>`, for the simulators `hub serve` runs in its
/// process (`simulated: true`), and for the demo, the bench and the tests. Listed beside its provider's plugin.
public protocol SimulatorPlugin: Sendable {
    /// The provider type it stands in for (`mtn-momo`), as its `ProviderPlugin` names it.
    var type: String { get }
    /// The options `hub simulate <type>` accepts besides `--host` and `--port`, by name without `--`.
    var options: [SimulatorOption] { get }
    /// A simulator with credentials made up for the run, or taken from the options. Throws for a bad option,
    /// naming it.
    func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator
    /// Payments `hub demo` makes through this provider, with inputs the simulator answers with success.
    var demoSteps: [DemoStep] { get }
    /// The scenario inputs `ProviderConformance` drives, or `nil` while they are not filled in.
    var conformance: ConformanceScenarios? { get }
    /// What `hub bench` drives against this simulator, or `nil` if the bench leaves it alone.
    var bench: SimulatorBench? { get }
}

extension SimulatorPlugin {
    public var demoSteps: [DemoStep] { [] }
    public var conformance: ConformanceScenarios? { nil }
    public var bench: SimulatorBench? { nil }
}

/// One payment of `hub demo`: a top-up (refunded afterwards when `refund`) or a withdrawal.
public struct DemoStep: Sendable {
    public enum Kind: String, Sendable { case topUp = "top-up", withdrawal }

    public var kind: Kind
    /// In minor units of `currency`.
    public var amount: Int64
    public var currency: String
    /// The request's `source` (top-up) or `destination` (withdrawal) object.
    public var party: [String: String]
    /// How the demo names the party, masked (`+250•••••••456`, `card pm_card_visa`).
    public var label: String
    public var refund: Bool

    public init(_ kind: Kind, amount: Int64, currency: String, party: [String: String], label: String, refund: Bool = false) {
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.party = party
        self.label = label
        self.refund = refund
    }
}

/// One `hub simulate <type>` option, `--name value`.
public struct SimulatorOption: Sendable {
    public var name: String
    public var help: String

    public init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }
}

/// What a simulator is made with.
public struct SimulatorSetup: Sendable {
    /// How fast its transactions settle and its notifications go out, unless an option says otherwise.
    public enum Pace: Sendable {
        /// `hub simulate`: a simulator alone, for a client under development.
        case standalone
        /// `hub serve`: about as slow as the real provider's sandbox, so the hub's waiting is visible.
        case realistic
        /// `hub demo`: quick, but slow enough to watch.
        case demo
        /// Tests and the bench: tens of milliseconds.
        case fast
    }

    /// Carries the simulator's callbacks and webhooks.
    public var transport: any HTTPTransport
    public var pace: Pace
    /// Where the simulator sends its notifications when the provider registers one endpoint per account (a
    /// webhook URL) rather than one per request; `hub serve` passes the hub's callback URL for the provider.
    public var notificationURL: String?
    /// Option values by name (`settle-ms`: `500`), from the command line or a test.
    public var options: [String: String]

    public init(transport: any HTTPTransport, pace: Pace, notificationURL: String? = nil, options: [String: String] = [:]) {
        self.transport = transport
        self.pace = pace
        self.notificationURL = notificationURL
        self.options = options
    }

    /// A whole number of milliseconds given as option `name`, or `fallback`.
    public func milliseconds(_ name: String, default fallback: Int) throws(SimulatorSetupError) -> Duration {
        guard let text = options[name] else { return .milliseconds(fallback) }
        guard let value = Int(text), value >= 0 else { throw SimulatorSetupError(option: name, "must be a whole number of milliseconds") }
        return .milliseconds(value)
    }
}

/// A simulator ready to serve, and the connection its provider's plugin points the adapter at once it listens.
public struct PluggedSimulator: Sendable {
    public let simulator: any LoopbackSimulator
    /// The credentials the adapter must present, by the names the provider's plugin reads.
    public let credentials: [String: String]

    public init(simulator: any LoopbackSimulator, credentials: [String: String]) {
        self.simulator = simulator
        self.credentials = credentials
    }

    public func connection(baseURL: String) -> SimulatorConnection {
        SimulatorConnection(baseURL: baseURL, credentials: credentials)
    }
}

/// A simulator option the plugin refuses; the description names the option, never a secret's value.
public struct SimulatorSetupError: Error, Sendable, CustomStringConvertible {
    public let option: String
    public let reason: String

    public init(option: String, _ reason: String) {
        self.option = option
        self.reason = reason
    }

    public var description: String { "--\(option): \(reason)" }
}

/// Random credentials for a simulator's run.
enum SimulatorSecret {
    /// `bytes` random bytes as lower-case hex.
    static func hex(_ bytes: Int = 24) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
