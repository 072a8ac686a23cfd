import Hub
import HubConfiguration
import ProviderPlugins
import Providers
import Testing

@Suite struct ExampleConfigurationTests {
    @Test func exampleFilePassesCheckWithoutTheEnvironment() throws {
        let report = HubConfiguration.check(yaml: try ConfigurationFixtures.example())
        #expect(report.problems == [])
        #expect(report.warnings == [])
    }

    @Test func exampleLoadsWithItsVariablesSet() throws {
        let (configuration, warnings) = try HubConfiguration.load(yaml: try ConfigurationFixtures.example(),
                                                                  environment: ConfigurationFixtures.exampleEnvironment)
        #expect(warnings == [])
        #expect(configuration.server == HubConfiguration.Server(host: "0.0.0.0", port: 8080, publicURL: "https://hub.miliano.rw",
                                                                 dataDirectory: "/var/lib/miliano-hub"))
        #expect(configuration.apiKeys == [
            APIKey(id: "wallet-backend", key: "hub_wallet_key_0123456789", scopes: [.paymentsWrite, .paymentsRead]),
            APIKey(id: "ops-1", key: "hub_ops_key_0123456789", scopes: [.paymentsRead, .admin]),
        ])
        #expect(configuration.webhookIntake == WebhookIntakeLimits(perProviderPerMinute: 600, concurrentBodiesPerProvider: 64))
        #expect(configuration.events?.url == "https://wallet.miliano.rw/hub/events")
        #expect(configuration.pollerReviewAfterSeconds == 86_400)
        #expect(configuration.providers.map(\.id) == ["mtn-momo", "stripe", "flutterwave", "airtel-money", "mpesa"])
        #expect(configuration.providers.allSatisfy { !$0.simulated })
        guard let momo = (configuration.providers[0].provider() as? MTNMoMoProvider)?.configuration,
              let stripe = (configuration.providers[1].provider() as? StripeProvider)?.configuration else {
            Issue.record("providers have the wrong types")
            return
        }
        #expect(momo.baseURL == "https://proxy.momoapi.mtn.com")
        #expect(momo.targetEnvironment == "mtnrwanda")
        #expect(momo.collection.apiKey == "collection-api-key")
        #expect(momo.disbursement.apiUser == "c0ffee00-0000-4000-8000-000000000002")
        #expect(momo.currencies == [.RWF])
        #expect(stripe.secretKey == "sk_test_0123456789")
        #expect(stripe.webhookSecrets == ["whsec_stripe0123456789"])
        #expect(stripe.currencies == [.RWF, .USD, .EUR])
        let flutterwave = try #require((configuration.providers[2].provider() as? FlutterwaveProvider)?.configuration)
        #expect(flutterwave.secretKey == "FLWSECK_TEST-0123456789abcdef-X")
        #expect(flutterwave.webhookSecretHashes == ["flw-secret-hash-0123"])
        #expect(flutterwave.currencies == [.UGX, .KES])
        let airtel = try #require((configuration.providers[3].provider() as? AirtelMoneyProvider)?.configuration)
        #expect(airtel.country == "UG" && airtel.currency == .UGX && airtel.clientID == "airtel-client-0123")
        #expect(airtel.callbackHashKey == "airtel-hash-key-0123")
        let mpesa = try #require((configuration.providers[4].provider() as? MPesaProvider)?.configuration)
        #expect(mpesa.shortcode == "174379" && mpesa.b2cShortcode == "600997" && mpesa.initiatorName == "miliano-api")
        #expect(mpesa.consumerKey == "mpesa-consumer-key-0123" && mpesa.currencies == [.KES])
    }

    @Test func exampleRoutingRulesComeOutAsRoutingRules() throws {
        let (configuration, _) = try HubConfiguration.load(yaml: try ConfigurationFixtures.example(),
                                                           environment: ConfigurationFixtures.exampleEnvironment)
        #expect(configuration.routing == [
            RoutingRule(name: "mtn-rwanda-top-ups", direction: .collect, method: .mobileMoney, currency: .RWF,
                        msisdnPrefixes: ["+25078", "+25079"], targets: [.init(provider: "mtn-momo")]),
            RoutingRule(name: "mtn-rwanda-withdrawals", direction: .payout, method: .mobileMoney, currency: .RWF,
                        minimumAmount: 100, maximumAmount: 5_000_000, msisdnPrefixes: ["+25078", "+25079"],
                        targets: [.init(provider: "mtn-momo", weight: 100)]),
            RoutingRule(name: "airtel-uganda", method: .mobileMoney, country: "UG", msisdnPrefixes: ["+25670", "+25674", "+25675"],
                        targets: [.init(provider: "airtel-money"), .init(provider: "flutterwave")]),
            RoutingRule(name: "safaricom-kenya", method: .mobileMoney, country: "KE", msisdnPrefixes: ["+25470", "+25471", "+25472", "+25479"],
                        targets: [.init(provider: "mpesa"), .init(provider: "flutterwave")]),
            RoutingRule(name: "card-top-ups", direction: .collect, method: .card, targets: [.init(provider: "stripe")]),
        ])
    }

    @Test func exampleNamesEveryMissingVariableWhenLoaded() throws {
        let yaml = try ConfigurationFixtures.example()
        let error = #expect(throws: InvalidConfiguration.self) {
            try HubConfiguration.load(yaml: yaml, environment: [:])
        }
        let problems = error?.problems.map(\.description) ?? []
        #expect(problems.count == ConfigurationFixtures.exampleEnvironment.count)
        #expect(problems.contains { $0.hasPrefix("providers.mtn-momo.collection.api_key: environment variable MOMO_COLLECTION_API_KEY is not set") })
        #expect(problems.contains { $0.hasPrefix("events.secret: environment variable HUB_EVENTS_SIGNING_SECRET is not set") })
    }

    @Test func amountsAreMajorUnitsOfTheRuleCurrency() throws {
        let yaml = ConfigurationFixtures.minimal + """

              - name: usd-cards
                currency: USD
                min_amount: 10.5
                max_amount: "2500.05"
                providers: [card]
            """
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
        #expect(configuration.routing.last?.minimumAmount == 1_050)
        #expect(configuration.routing.last?.maximumAmount == 250_005)
    }
}
