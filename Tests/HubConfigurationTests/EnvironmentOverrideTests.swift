import Hub
import HubConfiguration
import ProviderPlugins
import Providers
import Testing

@Suite struct EnvironmentOverrideTests {
    static let minimal = ConfigurationFixtures.minimal
    static let environment = ConfigurationFixtures.minimalEnvironment

    static func load(_ yaml: String, _ extra: [String: String]) throws -> HubConfiguration {
        try HubConfiguration.load(yaml: yaml, environment: environment.merging(extra) { $1 }).configuration
    }

    @Test func variablesWinOverTheFile() throws {
        let yaml = Self.minimal + """

            api_keys: [{ env: K1 }]
            server: { public_url: "https://file.example" }
            poller: { review_after_seconds: 60 }
            """
        let configuration = try Self.load(yaml, [
            "HUB_API_KEYS": "hub_one, hub_two",
            "HUB_PUBLIC_URL": "https://env.example/",
            "HUB_POLLER_REVIEW_AFTER_SECONDS": "120",
            "HUB_EVENTS_URL": "https://wallet.example/events",
            "HUB_EVENTS_SECRET": ConfigurationFixtures.eventsSecret,
            "HUB_MOMO_BASE_URL": "https://proxy.momoapi.mtn.com",
            "HUB_MOMO_COLLECTION_API_KEY": "from-env",
            "HUB_STRIPE_WEBHOOK_SECRETS": "whsec_old,whsec_new",
        ])
        #expect(configuration.apiKeys == [APIKey.unscoped("hub_one"), APIKey.unscoped("hub_two")], "every scope, as before scopes existed")
        #expect(configuration.apiKeys.allSatisfy { $0.scopes == Set(APIScope.allCases) })
        #expect(configuration.server.publicURL == "https://env.example")
        #expect(configuration.pollerReviewAfterSeconds == 120)
        #expect(configuration.events?.url == "https://wallet.example/events")
        guard let momo = (configuration.providers[0].provider() as? MTNMoMoProvider)?.configuration,
              let stripe = (configuration.providers[1].provider() as? StripeProvider)?.configuration else {
            Issue.record("providers have the wrong types")
            return
        }
        #expect(momo.baseURL == "https://proxy.momoapi.mtn.com")
        #expect(momo.collection.apiKey == "from-env")
        #expect(momo.collection.apiUser == "u1")
        #expect(stripe.webhookSecrets == ["whsec_old", "whsec_new"])
    }

    @Test func withoutAFileEveryPluginsProviderIsSimulated() throws {
        let (configuration, warnings) = try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [:])
        #expect(warnings == [])
        #expect(configuration.providers.map(\.id.rawValue) == providerPlugins.map(\.type))
        #expect(configuration.providers.allSatisfy { $0.simulated })
        // Routed by network (BuiltInRoutingTests), every rule naming configured providers only.
        let ids = Set(configuration.providers.map(\.id))
        #expect(configuration.routing.allSatisfy { $0.targets.allSatisfy { ids.contains($0.provider) } })
        #expect(configuration.events == nil)
        #expect(configuration.apiKeys == [])
    }

    @Test func momoBaseURLSwitchesFromTheSimulatorAndNeedsCredentials() throws {
        let external = try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [
            "HUB_MOMO_BASE_URL": "https://sandbox.momodeveloper.mtn.com",
            "HUB_MOMO_COLLECTION_SUBSCRIPTION_KEY": "k", "HUB_MOMO_COLLECTION_API_USER": "u", "HUB_MOMO_COLLECTION_API_KEY": "a",
            "HUB_MOMO_DISBURSEMENT_SUBSCRIPTION_KEY": "k", "HUB_MOMO_DISBURSEMENT_API_USER": "u", "HUB_MOMO_DISBURSEMENT_API_KEY": "a",
        ]).configuration
        #expect(external.providers.map(\.simulated) == [false] + Array(repeating: true, count: providerPlugins.count - 1))
        let error = #expect(throws: InvalidConfiguration.self) {
            try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: ["HUB_MOMO_BASE_URL": "https://momo.example"])
        }
        let problems = error?.problems.map(\.description) ?? []
        #expect(problems.count == 6)
        #expect(problems.contains("providers.mtn-momo.collection.api_key: required unless simulated: true (or set HUB_MOMO_COLLECTION_API_KEY)"))
    }

    @Test func badOverrideNamesItsVariable() {
        let error = #expect(throws: InvalidConfiguration.self) {
            try Self.load(Self.minimal, ["HUB_EVENTS_URL": "https://wallet.example/events", "HUB_EVENTS_SECRET": "whsec_c2hvcnQ="])
        }
        #expect(error?.problems.map(\.description) == [
            "events.secret: not a valid Standard Webhooks secret: webhook secret decodes to 5 bytes, outside the allowed range (from HUB_EVENTS_SECRET)",
        ])
    }

    @Test func providerVariablesNeedExactlyOneProviderOfTheirType() {
        let yaml = Self.minimal.replacingOccurrences(of: "type: stripe", with: "type: mtn-momo")
        let error = #expect(throws: InvalidConfiguration.self) {
            try Self.load(yaml, ["HUB_MOMO_TARGET_ENVIRONMENT": "mtnrwanda"])
        }
        #expect(error?.problems.first?.description
            == "HUB_MOMO_TARGET_ENVIRONMENT: is set, but the configuration has several mtn-momo providers (mtn, card); set their values in the file")
    }
}
