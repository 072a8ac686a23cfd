import Foundation
import HubKit

/// The Flutterwave simulator as `hub simulate flutterwave` and `simulated: true` start it: a test secret key and a
/// webhook secret hash made up for the run (or given), notifications to the hub's webhook URL.
public struct FlutterwaveSimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "flutterwave" }

    public var options: [SimulatorOption] {
        [SimulatorOption("secret-key", "accept only this secret key, FLWSECK_TEST-… (default: any test secret key)"),
         SimulatorOption("webhook-url", "send notifications to this URL (needs --secret-hash)"),
         SimulatorOption("secret-hash", "the dashboard's secret hash notifications carry as verif-hash (needs --webhook-url)"),
         SimulatorOption("settle-ms", "milliseconds a charge or transfer stays pending"),
         SimulatorOption("webhook-delay-ms", "milliseconds before a notification is sent"),
         SimulatorOption("timeout-ms", "milliseconds before the timeout scenario answers 503 (Flutterwave: about 28 s)")]
    }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        let standalone = setup.pace == .standalone
        let secretKey = setup.options["secret-key"] ?? (standalone ? nil : "FLWSECK_TEST-" + SimulatorSecret.hex(16) + "-X")
        if let secretKey, !secretKey.hasPrefix("FLWSECK_TEST-") {
            throw SimulatorSetupError(option: "secret-key", "must be a test secret key, FLWSECK_TEST-…")
        }
        if standalone, (setup.options["webhook-url"] == nil) != (setup.options["secret-hash"] == nil) {
            throw SimulatorSetupError(option: "webhook-url", "--webhook-url and --secret-hash go together: give both or neither")
        }
        let hash = setup.options["secret-hash"] ?? SimulatorSecret.hex()
        var configuration = FlutterwaveSimulatorConfiguration(secretKey: secretKey)
        if let url = setup.options["webhook-url"] ?? setup.notificationURL {
            do { configuration.webhook = try FlutterwaveWebhookEndpoint(url: url, secretHash: hash, signatureSecret: hash) } catch {
                throw SimulatorSetupError(option: "secret-hash", "not usable: \(error)")
            }
        }
        let (settle, delay, timeout, slow): (Int, Int, Int, Int) = switch setup.pace {
        case .standalone, .realistic: (2000, 200, 28_000, 2000)
        case .demo: (700, 100, 28_000, 2000)
        case .fast: (30, 10, 1500, 300)
        }
        configuration.chargeSettleDelay = try setup.milliseconds("settle-ms", default: settle)
        configuration.transferSettleDelay = configuration.chargeSettleDelay
        configuration.webhookDelay = try setup.milliseconds("webhook-delay-ms", default: delay)
        configuration.timeoutDelay = try setup.milliseconds("timeout-ms", default: timeout)
        configuration.slowDelay = .milliseconds(slow)
        let simulator = FlutterwaveSimulator(configuration: configuration, webhookTransport: setup.transport)
        return PluggedSimulator(simulator: simulator, credentials: ["secret_key": secretKey ?? "FLWSECK_TEST-simulated-X", "webhook_secret_hash": hash])
    }

    /// A mobile-money top-up in Uganda and a withdrawal back to a phone there.
    public var demoSteps: [DemoStep] {
        [DemoStep(.topUp, amount: 20_000, currency: "UGX", party: ["type": "mobile_money", "msisdn": "+256772123456"], label: "+256•••••••456"),
         DemoStep(.withdrawal, amount: 5000, currency: "UGX", party: ["type": "mobile_money", "msisdn": "+256772654321"], label: "+256•••••••321")]
    }

    /// From the scenario table (docs/simulators/flutterwave.md): numbers by their last nine digits, card tokens.
    public var conformance: ConformanceScenarios? {
        // Valid E.164 numbers and positive amounts: the initialisers below cannot throw.
        func phone(_ lastNine: String) -> Counterparty { .mobileMoney(try! MSISDN("+256" + lastNine)) }
        let amounts = ["UGX", "RWF", "KES", "GHS", "ZMW", "TZS"].compactMap { Currency(code: $0) }.map {
            try! Money.positive(minorUnits: $0.exponent == 0 ? 15_000 : 150_050, currency: $0)
        }
        return ConformanceScenarios(
            collect: phone("772123456"), payout: phone("772654321"), amounts: amounts,
            declines: [.init(phone("700000001"), providerCode: "Insufficient Funds"),
                       .init(phone("700000002"), providerCode: "Transaction declined by customer"),
                       .init(phone("121212121"), providerCode: "Mocked a Failed Transaction")],
            unknown: [.init(phone("700000005"), settlesAs: .succeeded), .init(phone("700000006"), settlesAs: nil)],
            lenientRequests: [
                // Header names in lower case and a field the documentation does not list.
                HTTPRequest(method: "POST", url: "{base}/v3/charges?type=mobile_money_uganda", headers: [
                    ("authorization", "Bearer {credential:secret_key}"), ("content-type", "application/json"),
                ], body: Data(#"{"amount":1500,"currency":"UGX","email":"a@example.com","tx_ref":"lenient-1","phone_number":"256772123456","network":"MTN","client_note":"extra"}"#.utf8)),
            ])
    }
}
