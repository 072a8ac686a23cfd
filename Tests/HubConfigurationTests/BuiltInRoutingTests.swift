import Hub
import HubConfiguration
import ProviderPlugins
import Testing

/// The built-in configuration routes mobile money by network: a network's numbers go to the plugins that reach only
/// that network, then to those that reach any; everything else follows the plugins' order.
@Suite struct BuiltInRoutingTests {
    static func rules() throws -> [RoutingRule] {
        try HubConfiguration.load(yaml: HubConfiguration.builtInYAML, environment: [:]).configuration.routing
    }

    @Test func networkRulesComeFromThePluginsAndTheMarketTable() throws {
        let rules = try Self.rules()
        let mtnRwanda = try #require(rules.first { $0.name == "mtn-rw" })
        #expect(mtnRwanda.method == .mobileMoney && mtnRwanda.msisdnPrefixes == ["+25078", "+25079"])
        #expect(mtnRwanda.targets.first?.provider == "mtn-momo")
        let anyNetwork = providerPlugins.providers.filter { $0.mobileNetworks == .any }.map { ProviderID($0.type) }
        #expect(Array(mtnRwanda.targets.dropFirst().map(\.provider)) == anyNetwork)
        #expect(rules.last?.name == "everything-else")
        #expect(rules.last?.targets.map(\.provider) == providerPlugins.providers.map { ProviderID($0.type) })
        // Only networks some plugin reaches alone get a rule.
        var operators: [String] = []
        for plugin in providerPlugins.providers { if case .only(let names) = plugin.mobileNetworks { operators += names } }
        for rule in rules.dropLast() {
            #expect(operators.contains { rule.name.hasPrefix($0.lowercased() + "-") }, "\(rule.name)")
        }
    }

    @Test func anMTNNumberGoesToMTNAndACardFollowsThePluginOrder() throws {
        let rules = try Self.rules()
        let mtn = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                     counterparty: .mobileMoney(MSISDN("+250788123456")), idempotencyKey: "k")
        #expect(rules.first { $0.mismatch(mtn) == nil }?.name == "mtn-rw")
        let card = try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: 500, currency: .RWF),
                                      counterparty: .card(paymentMethod: "pm_card_visa"), idempotencyKey: "k")
        #expect(rules.first { $0.mismatch(card) == nil }?.name == "everything-else")
    }
}
