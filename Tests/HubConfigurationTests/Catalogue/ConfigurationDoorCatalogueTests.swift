import HubConfiguration
import ProviderPlugins
import Hub
import Testing

/// The configuration door: a file written by an operator, or by anyone who can change it. Every hostile or mistaken
/// file is refused with a problem naming the exact key path and saying what is wrong; nothing of it is half-used.
@Suite struct ConfigurationDoorCatalogueTests {
    struct Broken: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let path: String
        let message: String
        var testDescription: String { name }

        init(_ name: String, _ yaml: String, _ path: String, _ message: String) {
            self.name = name
            self.yaml = yaml
            self.path = path
            self.message = message
        }
    }

    static let minimal = ConfigurationFixtures.minimal

    static func replacing(_ old: String, _ new: String) -> String {
        precondition(minimal.contains(old), "the fixture holds \(old)")
        return minimal.replacingOccurrences(of: old, with: new)
    }

    /// The fixture's two sections, for files that replace one of them whole.
    static let providersSection = String(minimal[..<minimal.range(of: "routing:")!.lowerBound])
    static let routingSection = String(minimal[minimal.range(of: "routing:")!.lowerBound...])

    static let badID = "a provider id is lower-case letters, digits and '-' (it appears in webhook URLs)"

    static let wrongTypes: [Broken] = [
        Broken("providers as a list", "providers: [mtn, card]\n" + routingSection, "providers",
               "expected a mapping of provider ids to providers, with at least one"),
        Broken("a provider as a string", replacing("  card:\n", "  extra: mtn-momo\n  card:\n"), "providers.extra", "expected a mapping with a type"),
        Broken("routing as a string", providersSection + "routing: mtn-rw\n", "routing", "expected a list"),
        Broken("rule providers as a string", replacing("providers: [mtn]", "providers: mtn"), "routing[0].providers", "expected a list"),
        Broken("msisdn prefixes as a string", replacing("msisdn_prefixes: [\"+25078\"]", "msisdn_prefixes: \"+25078\""),
               "routing[0].msisdn_prefixes", "expected a list"),
        Broken("port as a word", minimal + "\nserver: { port: eighty }", "server.port", "expected a whole number from 0 to 65535, got eighty"),
        Broken("port as a fraction", minimal + "\nserver: { port: 8080.5 }", "server.port", "expected a whole number from 0 to 65535, got 8080.5"),
        Broken("server as a list", minimal + "\nserver: [8080]", "server", "expected a mapping (keys: host, port, public_url, data_dir)"),
        Broken("max amount as a list", minimal + "\nlimits: { max_amount: [RWF] }", "limits.max_amount", "expected a mapping of ISO 4217 codes to amounts"),
        Broken("max amount as a YAML number", minimal + "\nlimits: { max_amount: { RWF: 1500.5 } }", "limits.max_amount.RWF",
               "1500.5: must be a positive amount in RWF major units (RWF has 0 decimal places; the amount has more)"),
        Broken("credentials as a string", replacing("collection: { subscription_key: { env: K1 }, api_user: { env: U1 }, api_key: { env: A1 } }",
                                                    "collection: k1"), "providers.mtn.collection",
               "expected a mapping (keys: subscription_key, api_user, api_key)"),
        Broken("webhook secrets as a mapping", replacing("webhook_secrets: [{ env: STRIPE_WHSEC }]", "webhook_secrets: { env: STRIPE_WHSEC }"),
               "providers.card.webhook_secrets", "expected a list"),
        Broken("a secret as a number", replacing("secret_key: { env: STRIPE_KEY }", "secret_key: 12345"), "providers.card.secret_key",
               "expected a Stripe secret or restricted key (sk_… or rk_…)"),
        Broken("a boolean as a word", minimal + "\nlookups: { reveal_names: maybe }", "lookups.reveal_names", "expected true or false, got maybe"),
        Broken("seconds as a word", minimal + "\npoller: { send_lease_seconds: sixty }", "poller.send_lease_seconds", "expected a whole number from 5 to 3600, got sixty"),
        Broken("a type as a list", replacing("type: stripe", "type: [stripe]"), "providers.card.type", "expected a single value"),
        Broken("host as a list", minimal + "\nserver: { host: [127.0.0.1, 0.0.0.0] }", "server.host", "expected a single value"),
    ]

    static let unknownKeys: [Broken] = [
        Broken("unknown top-level key", minimal + "\ndebug: true", "debug", "unknown key"),
        Broken("misspelt provider key", replacing("secret_key:", "secret_kye:"), "providers.card.secret_kye", "unknown key (did you mean secret_key?)"),
        Broken("unknown credential key", replacing("api_key: { env: A1 }", "api_key: { env: A1 }, pin: { env: A1 }"),
               "providers.mtn.collection.pin", "unknown key"),
        Broken("unknown rule key", replacing("currency: RWF", "currency: RWF\n    priority: 1"), "routing[0].priority", "unknown key"),
        Broken("unknown secret reference key", replacing("{ env: A1 }", "{ env: A1, default: a1 }"), "providers.mtn.collection.api_key.default", "unknown key"),
    ]

    static let secrets: [Broken] = [
        Broken("credential naming an unset variable", replacing("api_key: { env: A1 }", "api_key: { env: NOT_SET_ANYWHERE }"),
               "providers.mtn.collection.api_key", "environment variable NOT_SET_ANYWHERE is not set"),
        Broken("webhook secret naming an unset variable", replacing("webhook_secrets: [{ env: STRIPE_WHSEC }]", "webhook_secrets: [{ env: NO_WHSEC }]"),
               "providers.card.webhook_secrets[0]", "environment variable NO_WHSEC is not set"),
        Broken("secret reference with a lower-case name", replacing("secret_key: { env: STRIPE_KEY }", "secret_key: { env: stripe-key }"),
               "providers.card.secret_key.env", "stripe-key is not an environment variable name (A-Z, 0-9, _)"),
        Broken("secret reference with an empty name", replacing("secret_key: { env: STRIPE_KEY }", "secret_key: { env: \"\" }"),
               "providers.card.secret_key.env", " is not an environment variable name (A-Z, 0-9, _)"),
    ]

    static let routing: [Broken] = [
        Broken("two rules with one name", minimal + "\n  - { name: mtn-rw, providers: [card] }", "routing[1].name", "duplicate rule name mtn-rw (also routing[0].name)"),
        Broken("minimum above maximum", replacing("currency: RWF", "currency: RWF\n    min_amount: \"500\"\n    max_amount: \"100\""),
               "routing[0].min_amount", "is above max_amount"),
        Broken("rule naming an undefined provider", replacing("providers: [mtn]", "providers: [mtn, ghost]"), "routing[0].providers[1]",
               "no provider ghost is defined under providers"),
        Broken("rule naming one provider twice", replacing("providers: [mtn]", "providers: [mtn, mtn]"), "routing[0].providers[1]", "mtn is listed twice"),
        Broken("rule with no provider", replacing("providers: [mtn]", "providers: []"), "routing[0].providers", "a rule needs at least one provider"),
        Broken("unknown direction", replacing("currency: RWF", "currency: RWF\n    direction: sideways"), "routing[0].direction", "expected one of collect, payout, got sideways"),
        Broken("negative weight", replacing("providers: [mtn]", "providers: [{ id: mtn, weight: -1 }]"), "routing[0].providers[0].weight", "a weight is a whole number above 0, got -1"),
    ]

    static let providerIDs: [Broken] = [
        Broken("provider id with ../", replacing("  card:\n", "  ../card:\n"),
               "providers.../card", badID),
        Broken("provider id with a space", replacing("  card:\n", "  my card:\n"), "providers.my card", badID),
        Broken("provider id with a slash", replacing("  card:\n", "  card/x:\n"), "providers.card/x", badID),
        Broken("provider id in upper case", replacing("  card:\n", "  CARD:\n"), "providers.CARD", badID),
        Broken("provider id with a dot", replacing("  card:\n", "  card.x:\n"), "providers.card.x", badID),
        Broken("provider id of 300 characters", replacing("  card:\n", "  \(String(repeating: "c", count: 300)):\n"),
               "providers.\(String(repeating: "c", count: 300))",
               "a provider id is at most 64 characters (it names ledger accounts and webhook URLs)"),
        Broken("provider id with a NUL", replacing("  card:\n", "  \"card\\0\":\n"), "providers.card\u{0}", badID),
        Broken("provider id with an RTL override", replacing("  card:\n", "  \"card\u{202E}\":\n"), "providers.card\u{202E}", badID),
    ]

    @Test(arguments: wrongTypes + unknownKeys + secrets + routing + providerIDs)
    func hostileFileIsRefusedAtItsPath(_ broken: Broken) {
        let problems = Self.problems(broken.yaml)
        let found = problems.first { $0.path == broken.path }
        #expect(found?.message == broken.message, "\(broken.name): got \(problems.map { "\($0.path) | \($0.message)" })")
    }

    static func problems(_ yaml: String) -> [ConfigurationProblem] {
        do {
            _ = try HubConfiguration.load(yaml: yaml, environment: ConfigurationFixtures.minimalEnvironment)
            return []
        } catch {
            return error.problems
        }
    }
}
