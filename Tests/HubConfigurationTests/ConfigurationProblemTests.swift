import HubConfiguration
import ProviderPlugins
import Hub
import Testing

@Suite struct ConfigurationProblemTests {
    /// A broken file, and the start of the problem it must produce.
    struct Broken: Sendable, CustomTestStringConvertible {
        let yaml: String
        let expected: String
        var testDescription: String { expected }
    }

    static let minimal = ConfigurationFixtures.minimal

    static let broken: [Broken] = [
        Broken(yaml: minimal.replacingOccurrences(of: "type: stripe", with: "type: paypal"),
               expected: "providers.card.type: unknown provider type paypal"),
        Broken(yaml: minimal.replacingOccurrences(of: "providers: [mtn]", with: "providers: [mtn, airtel]"),
               expected: "routing[0].providers[1]: no provider airtel is defined under providers"),
        Broken(yaml: minimal.replacingOccurrences(of: "webhook_secrets: [{ env: STRIPE_WHSEC }]", with: "webhook_secrets: [sk_not_a_whsec]"),
               expected: "providers.card.webhook_secrets[0]: expected a Stripe webhook signing secret (whsec_…)"),
        Broken(yaml: minimal + "\nevents: { url: https://wallet.example/events, secret: whsec_not-base64! }",
               expected: "events.secret: not a valid Standard Webhooks secret"),
        Broken(yaml: minimal.replacingOccurrences(of: "currency: RWF", with: "currency: XYZ"),
               expected: "routing[0].currency: unknown currency XYZ"),
        Broken(yaml: minimal.replacingOccurrences(of: "currency: RWF", with: "currency: RWF\n    min_amount: \"1500.5\""),
               expected: "routing[0].min_amount: 1500.5: RWF has 0 decimal places"),
        Broken(yaml: minimal.replacingOccurrences(of: "base_url: https://sandbox", with: "base_ulr: https://sandbox"),
               expected: "providers.mtn.base_ulr: unknown key (did you mean base_url?)"),
        Broken(yaml: minimal.replacingOccurrences(of: "api_key: { env: A1 }", with: "api_key: { env: MISSING_VARIABLE }"),
               expected: "providers.mtn.collection.api_key: environment variable MISSING_VARIABLE is not set"),
        Broken(yaml: minimal.replacingOccurrences(of: "base_url: https://sandbox.momodeveloper.mtn.com", with: "base_url: ftp://momo"),
               expected: "providers.mtn.base_url: expected an http:// or https:// URL"),
        Broken(yaml: minimal + "\nserver: { port: 70000 }",
               expected: "server.port: expected a whole number from 0 to 65535, got 70000"),
        Broken(yaml: minimal + "\n  - { name: mtn-rw, providers: [card] }",
               expected: "routing[1].name: duplicate rule name mtn-rw (also routing[0].name)"),
        Broken(yaml: minimal.replacingOccurrences(of: "providers: [mtn]", with: "providers: [{ id: mtn, weight: 0 }]"),
               expected: "routing[0].providers[0].weight: a weight is a whole number above 0, got 0"),
        Broken(yaml: minimal.replacingOccurrences(of: "    currency: RWF\n", with: "    min_amount: \"100\"\n"),
               expected: "routing[0].min_amount: needs the rule's currency"),
        Broken(yaml: minimal.replacingOccurrences(of: "    base_url: https://sandbox.momodeveloper.mtn.com\n", with: ""),
               expected: "providers.mtn.base_url: required unless simulated: true"),
        Broken(yaml: minimal.replacingOccurrences(of: "\"+25078\"", with: "\"25078\""),
               expected: "routing[0].msisdn_prefixes[0]: expected an E.164 prefix such as +25078, got 25078"),
        Broken(yaml: minimal + "\nrouting: []", expected: "duplicate keys: routing"),
        Broken(yaml: minimal + "\nlogging: debug", expected: "logging: unknown key"),
        Broken(yaml: minimal + "\nlimits: { max_amount: { RWF: \"1500.5\" } }",
               expected: "limits.max_amount.RWF: 1500.5: must be a positive amount in RWF major units"),
        Broken(yaml: minimal + "\nlimits: { max_amount: { XYZ: \"10\" } }",
               expected: "limits.max_amount.XYZ: not an ISO 4217 code the hub knows"),
        Broken(yaml: minimal + "\nlimits: { max_amount: { RWF: \"9223372036854775807\" } }",
               expected: "limits.max_amount.RWF: 9223372036854775807 is above the hub's ceiling of 1000000000000 minor units"),
        Broken(yaml: minimal + "\nlimits: { max_amount: { RWF: \"0\" } }",
               expected: "limits.max_amount.RWF: 0: must be a positive amount"),
        Broken(yaml: minimal + "\npoller: { send_lease_seconds: 1 }",
               expected: "poller.send_lease_seconds: expected a whole number from 5 to 3600, got 1"),
        Broken(yaml: minimal + "\nlookups: { cache_seconds: 7200 }",
               expected: "lookups.cache_seconds: expected a whole number from 0 to 3600, got 7200"),
        Broken(yaml: minimal + "\nlookups: { per_key_per_minute: 0 }",
               expected: "lookups.per_key_per_minute: expected a whole number from 1 to 100000, got 0"),
        Broken(yaml: minimal + "\nlookups: { reveal: true }", expected: "lookups.reveal"),
    ]

    @Test func limitsAreReadInMajorUnits() throws {
        let yaml = Self.minimal + "\nlimits: { max_amount: { RWF: \"5000000\", KES: \"150000.50\" } }\npoller: { send_lease_seconds: 60 }"
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
        #expect(configuration.limits.maximum(for: .RWF) == 5_000_000)
        #expect(configuration.limits.maximum(for: .KES) == 15_000_050)
        #expect(configuration.limits.maximum(for: .USD) == 1_000_000_000_000)
        #expect(configuration.sendLeaseSeconds == 60)
    }

    @Test func lookupsAreReadWithTheirDefaults() throws {
        let (defaults, _) = try HubConfiguration.load(yaml: Self.minimal, environment: ConfigurationFixtures.minimalEnvironment)
        #expect(defaults.lookups == RecipientLookupSettings(cacheSeconds: 60, revealNames: false) && defaults.lookupsPerKeyPerMinute == 60)
        let yaml = Self.minimal + "\nlookups: { cache_seconds: 0, reveal_names: true, per_key_per_minute: 5 }"
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
        #expect(configuration.lookups == RecipientLookupSettings(cacheSeconds: 0, revealNames: true))
        #expect(configuration.lookupsPerKeyPerMinute == 5)
    }

    @Test(arguments: broken)
    func brokenFileNamesTheKeyPath(_ broken: Broken) {
        let problems = Self.problems(broken.yaml)
        #expect(problems.contains { $0.hasPrefix(broken.expected) }, "got \(problems)")
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        let yaml = Self.minimal
            .replacingOccurrences(of: "type: stripe", with: "type: paypal")
            .replacingOccurrences(of: "currency: RWF", with: "currency: XYZ")
            .replacingOccurrences(of: "base_url: https://sandbox", with: "base_ulr: https://sandbox")
        #expect(Self.problems(yaml).count == 4)  // the misspelt base_url is also a missing one
    }

    @Test func problemsGiveTheirLine() {
        let yaml = Self.minimal.replacingOccurrences(of: "currency: RWF", with: "currency: XYZ")
        #expect(Self.problems(yaml) == ["routing[0].currency: unknown currency XYZ: the hub has no exponent for it (line 13)"])
    }

    @Test func inlineSecretsAreAcceptedWithAWarning() throws {
        let yaml = Self.minimal.replacingOccurrences(of: "secret_key: { env: STRIPE_KEY }", with: "secret_key: sk_test_inline")
        let (configuration, warnings) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
        #expect(configuration.providers.count == 2)
        #expect(warnings.map(\.description) == ["providers.card.secret_key: secret written in the file; prefer { env: NAME } (line 9)"])
    }

    @Test func messagesNeverQuoteASecret() {
        let yaml = Self.minimal.replacingOccurrences(of: "secret_key: { env: STRIPE_KEY }", with: "secret_key: pk_live_leaked")
        let problems = Self.problems(yaml)
        #expect(problems.count == 1)
        #expect(!problems.joined().contains("pk_live_leaked"))
    }

    @Test func checkLeavesReferencesUnresolved() {
        let report = HubConfiguration.check(yaml: Self.minimal)
        #expect(report.isValid)
        let broken = HubConfiguration.check(yaml: Self.minimal.replacingOccurrences(of: "{ env: A1 }", with: "{ env: lower-case }"))
        #expect(broken.problems.map(\.path) == ["providers.mtn.collection.api_key.env"])
    }

    static func problems(_ yaml: String) -> [String] {
        do {
            _ = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }
}
