import Hub
import HubConfiguration
import ProviderPlugins
import Testing

/// `api_keys`: scoped keys, bare keys (every scope, with a warning), and every way an entry can be wrong, each
/// reported at its key path without quoting a key.
@Suite struct APIKeyConfigurationTests {
    static let environment = ConfigurationFixtures.minimalEnvironment.merging(
        ["WALLET_KEY": "hub_wallet_0123456789", "OPS_KEY": "hub_ops_0123456789"]) { $1 }

    /// The configuration with `keys` as its `api_keys` list, loaded; or its problems.
    static func read(_ keys: String, environment: [String: String] = environment)
        -> (HubConfiguration?, report: (problems: [ConfigurationProblem], warnings: [ConfigurationProblem])) {
        let yaml = ConfigurationFixtures.minimal + "\napi_keys:\n" + keys
        do {
            let (configuration, warnings) = try HubConfiguration.load(yaml: yaml, environment: environment)
            return (configuration, ([], warnings))
        } catch {
            return (nil, (error.problems, []))
        }
    }

    @Test func aScopedKeyHasItsIdAndScopes() throws {
        let (configuration, report) = Self.read("""
              - { id: wallet-backend, key: { env: WALLET_KEY }, scopes: [payments:write, payments:read] }
              - id: ops-1
                key: { env: OPS_KEY }
                scopes: [payments:read, admin]
            """)
        #expect(report.warnings == [])
        #expect(try #require(configuration).apiKeys == [
            APIKey(id: "wallet-backend", key: "hub_wallet_0123456789", scopes: [.paymentsWrite, .paymentsRead]),
            APIKey(id: "ops-1", key: "hub_ops_0123456789", scopes: [.paymentsRead, .admin]),
        ])
    }

    @Test func aBareKeyKeepsEveryScopeWithAWarningAndADerivedID() throws {
        let (configuration, report) = Self.read("  - { env: WALLET_KEY }\n")
        let key = try #require(configuration?.apiKeys.first)
        #expect(key.scopes == Set(APIScope.allCases))
        #expect(key.id == APIKey.derivedID(of: "hub_wallet_0123456789"))
        #expect(key.id.count == 8 && key.id.allSatisfy(\.isHexDigit))
        #expect(report.warnings.map(\.path) == ["api_keys[0]"])
        #expect(report.warnings.first?.message.contains("every scope") == true)
        #expect(!report.warnings.description.contains("hub_wallet_0123456789"), "the key is never quoted")
    }

    @Test func theDerivedIDDoesNotRevealTheKey() {
        let id = APIKey.derivedID(of: "hub_wallet_0123456789")
        #expect(id != APIKey.derivedID(of: "hub_wallet_0123456780"))
        #expect(!"hub_wallet_0123456789".contains(id))
        #expect(!APIKey.unscoped("hub_wallet_0123456789").description.contains("hub_wallet"))
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let keys: String
        let expected: String
        var testDescription: String { expected }
    }

    static let broken: [Broken] = [
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [payments:read, superuser] }\n",
               expected: "api_keys[0].scopes[1]: unknown scope superuser"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [payment:read] }\n",
               expected: "api_keys[0].scopes[0]: unknown scope payment:read (did you mean payments:read?)"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [] }\n", expected: "api_keys[0].scopes: must name at least one scope"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY } }\n", expected: "api_keys[0].scopes: required"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: admin }\n", expected: "api_keys[0].scopes: expected a list"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [admin, admin] }\n", expected: "api_keys[0].scopes[1]: admin is listed twice"),
        Broken(keys: "  - { id: ops, scopes: [admin] }\n", expected: "api_keys[0].key: required"),
        Broken(keys: "  - { id: ops, key: { env: NOT_SET_ANYWHERE }, scopes: [admin] }\n",
               expected: "api_keys[0].key: environment variable NOT_SET_ANYWHERE is not set"),
        Broken(keys: "  - { key: { env: OPS_KEY }, scopes: [admin] }\n", expected: "api_keys[0].id: required"),
        Broken(keys: "  - { id: \"ops one\", key: { env: OPS_KEY }, scopes: [admin] }\n", expected: "api_keys[0].id: must be 1 to 64 characters"),
        Broken(keys: "  - { id: ../ops, key: { env: OPS_KEY }, scopes: [admin] }\n", expected: "api_keys[0].id: must be 1 to 64 characters"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [admin], role: root }\n", expected: "api_keys[0].role: unknown key"),
        Broken(keys: "  - { id: ops, key: { env: OPS_KEY }, scopes: [admin] }\n  - { id: ops, key: { env: WALLET_KEY }, scopes: [admin] }\n",
               expected: "api_keys[1].id: duplicate id ops: api_keys[0].id has it already"),
        Broken(keys: "  - { id: a, key: { env: OPS_KEY }, scopes: [admin] }\n  - { id: b, key: { env: OPS_KEY }, scopes: [payments:read] }\n",
               expected: "api_keys[1]: the same key as api_keys[0]"),
        Broken(keys: "  - [admin]\n", expected: "api_keys[0]: expected a secret"),
    ]

    @Test(arguments: broken) func aWrongEntryIsAProblemAtItsPath(_ broken: Broken) {
        let (configuration, report) = Self.read(broken.keys)
        #expect(configuration == nil)
        #expect(report.problems.contains { $0.description.hasPrefix(broken.expected) }, "\(report.problems)")
        #expect(!report.problems.description.contains("hub_ops_0123456789") && !report.problems.description.contains("hub_wallet_0123456789"))
    }

    @Test func checkWithoutTheEnvironmentStillChecksIDsAndScopes() {
        let yaml = ConfigurationFixtures.minimal + "\napi_keys:\n  - { id: ops, key: { env: OPS_KEY }, scopes: [root] }\n"
        let report = HubConfiguration.check(yaml: yaml)
        #expect(report.problems.map(\.path) == ["api_keys[0].scopes[0]"])
    }

    @Test func hubAPIKeysStillGivesEveryScopeWithoutAWarning() throws {
        let yaml = ConfigurationFixtures.minimal + "\napi_keys:\n  - { id: ops, key: { env: OPS_KEY }, scopes: [admin] }\n"
        let (configuration, warnings) = try HubConfiguration.load(yaml: yaml, environment: Self.environment.merging(["HUB_API_KEYS": "k-one,k-two"]) { $1 })
        #expect(configuration.apiKeys == [.unscoped("k-one"), .unscoped("k-two")])
        #expect(warnings == [])
    }

    @Test func webhookIntakeLimitsAreReadAndChecked() throws {
        let yaml = ConfigurationFixtures.minimal + "\nlimits: { webhooks: { per_provider_per_minute: 30, concurrent_bodies_per_provider: 2 } }\n"
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: Self.environment)
        #expect(configuration.webhookIntake == WebhookIntakeLimits(perProviderPerMinute: 30, concurrentBodiesPerProvider: 2))
        let defaults = try HubConfiguration.load(yaml: ConfigurationFixtures.minimal, environment: Self.environment).configuration
        #expect(defaults.webhookIntake == WebhookIntakeLimits())
        let broken = HubConfiguration.check(yaml: ConfigurationFixtures.minimal + "\nlimits: { webhooks: { per_provider_per_minute: 0, burst: 5 } }\n")
        #expect(Set(broken.problems.map(\.path)) == ["limits.webhooks.per_provider_per_minute", "limits.webhooks.burst"])
    }
}
