import Hub
import Webhooks
import Yams

/// Everything `hub serve` needs, from one YAML file with `HUB_*` environment variables overriding it.
///
/// Load with `load(yaml:environment:)`, which resolves `{ env: NAME }` secrets and applies the overrides, or
/// validate a file with `check(yaml:)`. Both report every problem at once, each naming its key path.
public struct HubConfiguration: Sendable {
    public struct Server: Sendable, Equatable {
        public var host: String
        /// `0` picks a free port.
        public var port: Int
        /// The hub's address as providers reach it, without a trailing slash; `nil`: `http://127.0.0.1:<port>`.
        public var publicURL: String?
        public var dataDirectory: String

        public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, dataDirectory: String = ".hub") {
            self.host = host
            self.port = port
            self.publicURL = publicURL
            self.dataDirectory = dataDirectory
        }
    }

    /// Where the hub posts its events for the wallet backend, and the Standard Webhooks signer for them.
    public struct Events: Sendable {
        public var url: String
        public var signer: StandardWebhookSigner
    }

    /// One provider under the id that routing rules, webhooks (`/webhooks/{id}/…`) and the ledger use, read by
    /// its type's plugin.
    public typealias Provider = ConfiguredProvider

    public var server = Server()
    /// Where payments and the ledger are kept (`store.url`, `HUB_DATABASE_URL`).
    public var store = StoreLocation.dataDirectory
    /// Keys the wallet backend and operators may present, each with its id and scopes; empty: `hub serve` generates
    /// one (every scope) for the run.
    public var apiKeys: [APIKey] = []
    /// `nil`: events stay queued in the outbox.
    public var events: Events?
    /// How long a payment may stay pending before it is flagged `needs_review`.
    public var pollerReviewAfterSeconds = 86_400
    /// How long a payment's or refund's send may run before the poller takes it as abandoned and sends it again.
    public var sendLeaseSeconds = 180
    /// The largest amount one payment may carry, per currency.
    public var limits = PaymentLimits()
    /// How recipient lookups are cached and answered.
    public var lookups = RecipientLookupSettings()
    /// How much each provider's webhook URL may take (`limits.webhooks`).
    public var webhookIntake = WebhookIntakeLimits()
    /// Recipient lookups each API key may make per minute.
    public var lookupsPerKeyPerMinute = 60
    /// In the file's order, which is also the default preference order when no rule matches.
    public var providers: [Provider] = []
    /// Tried in order; the first that matches a payment decides its candidates.
    public var routing: [RoutingRule] = []

    /// The configuration without a file: one simulated provider of each plugin's type, under the type's name, routed
    /// by mobile network (a network's numbers to the plugins that reach only that network, then to those that reach
    /// any), everything else in the plugins' order; then the environment's overrides.
    public static func builtInYAML(plugins: [AnyProviderPlugin]) -> String {
        var yaml = "providers:\n" + plugins.map { "  \($0.type): { type: \($0.type), simulated: true }\n" }.joined()
        let anyNetwork = plugins.filter { $0.mobileNetworks == .any }.map(\.type)
        var rules: [String] = []
        for market in Market.all {
            for network in market.networks {
                let own = plugins.filter { if case .only(let names) = $0.mobileNetworks { names.contains(network.name) } else { false } }.map(\.type)
                guard !own.isEmpty else { continue }
                let prefixes = network.prefixes.map { "\"+\(market.callingCode)\($0)\"" }.joined(separator: ", ")
                rules.append("  - name: \(network.name.lowercased())-\(market.country.lowercased())\n    method: mobile_money\n"
                             + "    msisdn_prefixes: [\(prefixes)]\n    providers: [\((own + anyNetwork).joined(separator: ", "))]\n")
            }
        }
        guard !rules.isEmpty else { return yaml }
        yaml += "routing:\n" + rules.joined()
        yaml += "  - name: everything-else\n    providers: [\(plugins.map(\.type).joined(separator: ", "))]\n"
        return yaml
    }

    /// Reads `yaml`, applies the `HUB_*` overrides from `environment` and resolves `{ env: NAME }` secrets in it.
    ///
    /// Returns the configuration and its warnings (such as inline secrets); throws every problem found.
    public static func load(yaml: String, environment: [String: String], plugins: [AnyProviderPlugin]) throws(InvalidConfiguration)
        -> (configuration: HubConfiguration, warnings: [ConfigurationProblem]) {
        let (configuration, report) = read(yaml: yaml, environment: environment, plugins: plugins)
        guard let configuration, report.isValid else { throw InvalidConfiguration(problems: report.problems) }
        return (configuration, report.warnings)
    }

    /// Validates `yaml` without starting anything. With `environment`, exactly as `load` would; without it the
    /// environment is not read: `{ env: NAME }` references are checked for their form only and `HUB_*`
    /// overrides do not apply, so a file can be checked where its secrets are not available.
    public static func check(yaml: String, environment: [String: String]? = nil, plugins: [AnyProviderPlugin]) -> ConfigurationReport {
        read(yaml: yaml, environment: environment, plugins: plugins).report
    }

    private static func read(yaml: String, environment: [String: String]?, plugins: [AnyProviderPlugin]) -> (HubConfiguration?, report: ConfigurationReport) {
        let document: Node?
        do { document = try Yams.compose(yaml: yaml) } catch {
            return (nil, ConfigurationReport(problems: [syntaxProblem(error)], warnings: []))
        }
        let overrides = environment.map { EnvironmentOverrides(environment: $0, document: document, plugins: plugins) } ?? EnvironmentOverrides()
        var reader = ConfigurationReader(environment: environment, overrides: overrides)
        let configuration = reader.configuration(document, plugins: plugins)
        return (configuration, ConfigurationReport(problems: reader.problems, warnings: reader.warnings))
    }

    /// The parser's complaint and position, without the text around it (which could hold an inline secret).
    private static func syntaxProblem(_ error: any Error) -> ConfigurationProblem {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            ConfigurationProblem(path: "", message: "not valid YAML: \(problem)", origin: "line \(mark.line)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            ConfigurationProblem(path: "", message: "duplicate keys: \(duplicates.joined(separator: ", "))",
                                 origin: "line \(context.mark.line)")
        default:
            ConfigurationProblem(path: "", message: "not valid YAML")
        }
    }
}
