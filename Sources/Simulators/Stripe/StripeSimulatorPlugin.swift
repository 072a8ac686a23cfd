import Foundation
import HubKit

/// The Stripe simulator as `hub simulate stripe` and `simulated: true` start it: a secret key and a webhook
/// signing secret made up for the run (or given), events signed to the hub's webhook URL.
public struct StripeSimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "stripe" }

    public var options: [SimulatorOption] {
        [SimulatorOption("api-key", "accept only this secret key, sk_test_… (default: any sk_test_… key)"),
         SimulatorOption("webhook-url", "send signed events to this URL (needs --webhook-secret)"),
         SimulatorOption("webhook-secret", "sign events with this whsec_… secret (needs --webhook-url)"),
         SimulatorOption("settle-ms", "milliseconds a pm_card_processing payment stays processing"),
         SimulatorOption("webhook-delay-ms", "milliseconds before an event is sent"),
         SimulatorOption("webhook-retry-ms", "milliseconds before a failed event delivery is retried")]
    }

    /// A card top-up with the test card that succeeds, refunded afterwards.
    public var demoSteps: [DemoStep] {
        [DemoStep(.topUp, amount: 2000, currency: "RWF", party: ["type": "card", "payment_method": "pm_card_visa"],
                  label: "card pm_card_visa", refund: true)]
    }

    /// From the test-card table (docs/simulators/stripe.md).
    public var conformance: ConformanceScenarios? {
        ConformanceScenarios(
            collect: .card(paymentMethod: "pm_card_visa"),
            // Positive literals: the initialisers cannot throw.
            amounts: ["USD", "EUR", "GBP", "KES", "NGN", "GHS", "RWF", "UGX"].compactMap { Currency(code: $0) }.map {
                try! Money.positive(minorUnits: $0.exponent == 0 ? 1500 : 1050, currency: $0)
            },
            declines: [.init(.card(paymentMethod: "pm_card_chargeDeclinedInsufficientFunds"), providerCode: "insufficient_funds"),
                       .init(.card(paymentMethod: "pm_card_chargeDeclined"), providerCode: "generic_decline"),
                       .init(.card(paymentMethod: "pm_card_chargeDeclinedExpiredCard"), providerCode: "expired_card")],
            unknown: [.init(.card(paymentMethod: "pm_card_processing"), settlesAs: .succeeded),
                      .init(.card(paymentMethod: "pm_card_sim_500"), settlesAs: nil)],
            lenientRequests: [
                // Header names in lower case, as HTTP/2 clients send them.
                HTTPRequest(method: "POST", url: "{base}/v1/payment_intents", headers: [
                    ("authorization", "Bearer {credential:secret_key}"), ("content-type", "application/x-www-form-urlencoded"),
                ], body: Data("amount=1500&currency=rwf&payment_method=pm_card_visa&confirm=true".utf8)),
            ])
    }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        // Alone, the simulator takes any test key and signs events only to an endpoint given in full; started
        // for a hub, it makes up a key and a signing secret and signs to the hub's webhook URL.
        let standalone = setup.pace == .standalone
        let apiKey = setup.options["api-key"] ?? (standalone ? nil : "sk_test_" + SimulatorSecret.hex(12))
        if let apiKey, !apiKey.hasPrefix("sk_test_") || apiKey.count <= 8 {
            throw SimulatorSetupError(option: "api-key", "must be a test secret key, sk_test_…")
        }
        if standalone, (setup.options["webhook-url"] == nil) != (setup.options["webhook-secret"] == nil) {
            throw SimulatorSetupError(option: "webhook-url", "--webhook-url and --webhook-secret go together: give both or neither")
        }
        let secret = setup.options["webhook-secret"] ?? "whsec_" + SimulatorSecret.hex()
        guard secret.count > 6 else { throw SimulatorSetupError(option: "webhook-secret", "must not be empty") }
        var configuration = StripeSimulatorConfiguration(apiKey: apiKey)
        if let url = setup.options["webhook-url"] ?? setup.notificationURL {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false else {
                throw SimulatorSetupError(option: "webhook-url", "must be an http or https URL")
            }
            do { configuration.webhook = try StripeWebhookEndpoint(url: url, secret: secret) } catch {
                throw SimulatorSetupError(option: "webhook-secret", "not usable: \(error)")
            }
        }
        let (settle, delay, retry): (Int, Int, Int) = switch setup.pace {
        case .standalone: (2000, 100, 1000)
        case .realistic: (2000, 200, 1000)
        case .demo: (2000, 100, 500)
        case .fast: (50, 10, 20)
        }
        configuration.settleDelay = try setup.milliseconds("settle-ms", default: settle)
        configuration.webhookDelay = try setup.milliseconds("webhook-delay-ms", default: delay)
        configuration.webhookRetryBackoff = try setup.milliseconds("webhook-retry-ms", default: retry)
        let simulator = StripeSimulator(configuration: configuration, webhookTransport: setup.transport)
        return PluggedSimulator(simulator: simulator, credentials: ["secret_key": apiKey ?? "sk_test_simulated", "webhook_secret": secret])
    }
}
