import Foundation

/// The files of a new provider, from templates: `__P__` is the Swift prefix (`AcmePay`), `__type__` the
/// configuration type (`acme-pay`), `__ENV__` the environment prefix (`ACME_PAY`).
struct ProviderScaffold {
    static let pluginList = "Sources/ProviderPlugins/ProviderPlugins.swift"

    let type: String
    var prefix: String { type.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() }
    var environmentPrefix: String { type.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// Repository-relative path → contents.
    var files: [(String, String)] {
        [
            ("Sources/Providers/\(prefix)/\(prefix)Plugin.swift", Self.plugin),
            ("Sources/Providers/\(prefix)/\(prefix)Configuration.swift", Self.configuration),
            ("Sources/Providers/\(prefix)/\(prefix)Provider.swift", Self.provider),
            ("Sources/Providers/\(prefix)/\(prefix)API.swift", Self.api),
            ("Sources/Providers/\(prefix)/\(prefix)Mapping.swift", Self.mapping),
            ("Sources/Simulators/\(prefix)/\(prefix)Simulator.swift", Self.simulator),
            ("Sources/Simulators/\(prefix)/\(prefix)SimulatorPlugin.swift", Self.simulatorPlugin),
            ("Tests/ProvidersTests/\(prefix)ConformanceTests.swift", Self.conformanceTest),
            ("fixtures/\(type)/README.md", Self.fixtures),
            ("docs/providers/\(type).md", Self.providerDoc),
            ("docs/simulators/\(type).md", Self.simulatorDoc),
        ].map { ($0.0, fill($0.1)) }
    }

    func fill(_ template: String) -> String {
        template.replacingOccurrences(of: "__P__", with: prefix).replacingOccurrences(of: "__type__", with: type)
            .replacingOccurrences(of: "__ENV__", with: environmentPrefix)
    }

    /// The plugin list with this provider's line added before its closing bracket, or `nil` if there is none.
    func addingLine(to list: String) -> String? {
        guard let end = list.range(of: "\n]", options: .backwards) else { return nil }
        var updated = list
        updated.insert(contentsOf: "\n    PluginPair(\(prefix)Plugin(), simulator: \(prefix)SimulatorPlugin()),", at: end.lowerBound)
        return updated
    }

    static let plugin = #"""
        import Foundation
        import Hub

        /// __P__ as the hub's configuration, `hub serve` and `hub simulate __type__` know it.
        ///
        /// Fill in: the keys a `providers.<id>` section of type `__type__` may hold, how each is read and checked
        /// (problems are reported by key path), the `HUB___ENV___*` overrides, and what the simulator's
        /// connection replaces.
        public struct __P__Plugin: ProviderPlugin {
            public init() {}

            public var type: String { "__type__" }

            public var settingKeys: [String] { ["base_url", "secret_key", "currencies", "countries"] }

            public var environment: EnvironmentOverrideTable {
                EnvironmentOverrideTable(prefix: "HUB___ENV___", switchesToService: "SECRET_KEY", settings: [
                    .init("SECRET_KEY", "secret_key"),
                    .init("BASE_URL", "base_url"),
                ])
            }

            public func readSettings(_ reader: any ProviderSettingsReader) -> __P__Configuration {
                var configuration = __P__Configuration()
                configuration.baseURL = reader.serviceURL("base_url") ?? ""
                configuration.secretKey = reader.credential("secret_key") ?? ""
                if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
                if let countries = reader.countries("countries") { configuration.countries = countries }
                return configuration
            }

            public func connect(_ settings: __P__Configuration, to simulator: SimulatorConnection) -> __P__Configuration {
                var settings = settings
                settings.baseURL = simulator.baseURL
                settings.secretKey = simulator["secret_key"]
                return settings
            }

            public func makeProvider(id: ProviderID, settings: __P__Configuration) -> any PaymentProvider {
                __P__Provider(id: id, configuration: settings)
            }
        }

        """#

    static let configuration = #"""
        import Hub

        /// How to reach one __P__ account. Credentials come from configuration, never from code.
        public struct __P__Configuration: Sendable {
            public var baseURL = ""
            public var secretKey = ""
            /// Fill in: the currencies and countries the provider serves by default.
            public var currencies: Set<Currency> = [.RWF]
            public var countries: Set<String> = ["RW"]
            public var connectTimeout: Duration = .seconds(3)
            public var timeout: Duration = .seconds(30)

            public init() {}
        }

        """#

    static let provider = #"""
        import Foundation
        import Hub

        /// __P__'s API for the hub. Fill in each operation from the provider's documentation: send the attempt's
        /// reference as the provider's idempotency key, return a decline as `.failed`, throw `.notSent` only when
        /// the request cannot have reached the provider and `.ambiguous` for anything after that. Add `PayingProvider`
        /// or `RefundingProvider` (and their operations in `capabilities`) if the provider pays out or refunds.
        public struct __P__Provider: PaymentProvider {
            public let id: ProviderID
            public let configuration: __P__Configuration

            public init(id: ProviderID = "__type__", configuration: __P__Configuration) {
                self.id = id
                self.configuration = configuration
            }

            public var capabilities: ProviderCapabilities {
                ProviderCapabilities(operations: [.collect], methods: [.mobileMoney], countries: configuration.countries,
                                     currencies: configuration.currencies)
            }

            /// Fill in: a `NotificationHandler` that verifies the provider's signature, or reads its unsigned callbacks as hints.
            public var notifications: (any NotificationHandler)? { nil }

            public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
                throw ProviderError(.notSent, provider: id, reason: "__P__Provider.collect is not written yet")
            }

            public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
                throw ProviderError(.ambiguous, provider: id, reason: "__P__Provider.status is not written yet")
            }
        }

        """#

    static let api = #"""
        import Foundation

        /// The body of __P__'s error answers. Fill in the wire types, prefixed `__P__`, with the field names of the
        /// provider's documentation: requests, answers, notifications.
        struct __P__ErrorBody: Decodable {
            var message: String?
        }

        """#

    static let mapping = #"""
        import Hub

        /// __P__'s transaction statuses, as its documentation lists them. Fill in every status and reason code: one
        /// exhaustive `switch`, no `default:`, so a status the hub does not know cannot slip through.
        enum __P__Status: String {
            case successful, pending, failed

            func result(transactionID: String?, code: String?) -> ProviderResult {
                switch self {
                case .successful: .succeeded(providerTransactionID: transactionID)
                case .pending: .pending(providerTransactionID: transactionID)
                case .failed: .failed(PaymentFailure(reason: .declined, providerCode: code, message: "the provider declined the payment"))
                }
            }
        }

        """#

    static let simulator = #"""
        import Foundation
        import HubKit
        import Hummingbird

        /// A local stand-in for __P__'s API. Write it from the provider's public documentation, not from the adapter,
        /// so that it catches the adapter's mistakes: as strict as the provider where it is strict, as lenient where
        /// it is lenient. Fill in one route per documented endpoint, a scenario table keyed by test inputs, and the
        /// notifications it sends; document them in docs/simulators/__type__.md.
        public final class __P__Simulator: LoopbackSimulator {
            public let secretKey: String

            public init(secretKey: String) {
                self.secretKey = secretKey
            }

            public func router() -> Router<BasicRequestContext> {
                Router(context: BasicRequestContext.self)
            }

            public var serverName: String { "__type__-simulator" }

            public func shutdown() async {}
        }

        """#

    static let simulatorPlugin = #"""
        import Foundation
        import HubKit

        /// The __P__ simulator as `hub simulate __type__` and `simulated: true` start it.
        public struct __P__SimulatorPlugin: SimulatorPlugin {
            public init() {}

            public var type: String { "__type__" }

            public var options: [SimulatorOption] { [] }

            public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
                let secretKey = "test_" + UUID().uuidString.lowercased()
                return PluggedSimulator(simulator: __P__Simulator(secretKey: secretKey), credentials: ["secret_key": secretKey])
            }

            /// Fill in from the scenario table: a succeeding counterparty, one amount per declared currency, the
            /// documented declines with their codes, the unknown outcomes, lenient requests. Until then the
            /// conformance test says so.
            public var conformance: ConformanceScenarios? { nil }
        }

        """#

    static let conformanceTest = #"""
        import HubTesting
        import Providers
        import Simulators
        import Testing

        /// __P__ against its own simulator, through a real hub over loopback HTTP; the table is printed.
        @Suite struct __P__ConformanceTests {
            @Test func conformance() async {
                let report = await ProviderConformance.run(plugin: __P__Plugin(), simulator: __P__SimulatorPlugin())
                print(report)
                #expect(report.passed, "\(report.failures.map { "\($0.check): \($0.result)" })")
            }
        }

        """#

    static let fixtures = #"""
        # __type__ fixtures

        Request, answer and notification bodies copied from __P__'s documentation, named `<flow>_<outcome>.json`
        (`charge_successful.json`, `webhook_charge-completed.json`), read by the adapter's tests and the simulator's.

        """#

    static let providerDoc = #"""
        # __P__ (`type: __type__`)

        What the adapter does, operation by operation, with the provider's endpoints and the hub's mapping of its
        statuses and codes. Fill in as the adapter is written; see docs/adding-a-provider.md.

        ## Configuration

        | key | meaning |
        |---|---|
        | `base_url` | the API's address (required unless `simulated: true`) |
        | `secret_key` | a secret: `{ env: NAME }` |
        | `currencies`, `countries` | what the provider serves |

        Environment overrides: `HUB___ENV___SECRET_KEY` (also switches the provider from its simulator to the real
        service), `HUB___ENV___BASE_URL`.

        """#

    static let simulatorDoc = #"""
        # The __P__ simulator

        `hub simulate __type__ [--port N]`. Written from __P__'s public documentation.

        ## Scenarios

        | input | answer | outcome | notifications |
        |---|---|---|---|

        ## What it checks, and why

        Each check the real provider makes, with its source; each place the documentation is silent or contradicts
        itself, and the choice made.

        """#
}
