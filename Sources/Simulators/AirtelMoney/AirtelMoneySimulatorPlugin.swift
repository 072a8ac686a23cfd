import Foundation
import HubKit
import Webhooks

/// The Airtel Money simulator as `hub simulate airtel-money` and `simulated: true` start it: an application's
/// credentials, a disbursement PIN, an RSA key pair and a callback hash key made up for the run (or given), and
/// callbacks to the hub's callback URL (Airtel configures one per application). The country is Uganda.
///
/// Besides the credentials the adapter reads, `sim_access_token` is a bearer token valid for the whole run, for the
/// conformance suite's lenient requests (which cannot fetch a token first); no adapter should read it.
public struct AirtelMoneySimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "airtel-money" }

    public var options: [SimulatorOption] {
        [SimulatorOption("client-id", "accept only this client_id (default: made up for the run)"),
         SimulatorOption("client-secret", "accept only this client_secret (default: made up for the run)"),
         SimulatorOption("pin", "the disbursement PIN, 4 to 6 digits (default: made up for the run)"),
         SimulatorOption("callback-url", "send callbacks to this URL (default: the hub's callback URL, if any)"),
         SimulatorOption("callback-hash-key", "hash callbacks with this key (default: made up for the run)"),
         SimulatorOption("settle-ms", "milliseconds a collection stays TIP before it settles"),
         SimulatorOption("token-ttl-seconds", "seconds an access token lives, as expires_in says (default 180)")]
    }

    /// A top-up and a withdrawal in UGX with numbers the scenario table answers with success.
    public var demoSteps: [DemoStep] {
        [DemoStep(.topUp, amount: 5000, currency: "UGX", party: ["type": "mobile_money", "msisdn": "+256701234567"],
                  label: "+256•••••••567"),
         DemoStep(.withdrawal, amount: 1500, currency: "UGX", party: ["type": "mobile_money", "msisdn": "+256702345678"],
                  label: "+256•••••••678")]
    }

    /// From the scenario table (docs/simulators/airtel-money.md): numbers in E.164, as the hub holds them; the adapter
    /// strips `+256`. A decline's code is the enquiry's `status.response_code`.
    public var conformance: ConformanceScenarios? {
        // Every literal below is a valid E.164 number and a positive amount: the initialisers cannot throw.
        func party(_ national: String) -> Counterparty { .mobileMoney(try! MSISDN("+256" + national)) }
        let declines = AirtelMoneyDecline.allCases.compactMap { decline in
            AirtelMoneyScenario.msisdn(for: .decline(decline)).map {
                ConformanceScenarios.Decline(party($0), providerCode: decline.collectionCode.rawValue)
            }
        }
        func unknown(_ scenario: AirtelMoneyScenario, _ settlesAs: PaymentState?) -> ConformanceScenarios.Unknown? {
            AirtelMoneyScenario.msisdn(for: scenario).map { ConformanceScenarios.Unknown(party($0), settlesAs: settlesAs) }
        }
        return ConformanceScenarios(
            collect: party("701234567"), payout: party("702345678"),
            amounts: [try! Money.positive(minorUnits: 1500, currency: .UGX)],
            declines: declines,
            unknown: [unknown(.ambiguousThenSucceed, .succeeded), unknown(.acceptButAnswerInternalError, .succeeded),
                      unknown(.answerInternalError, nil), unknown(.pendingForever, nil)].compactMap { $0 },
            lenientRequests: [
                // Header names in lower case, no trailing slash, the amount as a string and a field Airtel does not read; the
                // number succeeds without a callback, so the hub hears of no payment it does not know.
                HTTPRequest(method: "POST", url: "{base}/merchant/v1/payments", headers: [
                    ("authorization", "Bearer {credential:sim_access_token}"), ("x-country", "UG"), ("x-currency", "UGX"),
                    ("content-type", "application/json"), ("accept", "*/*"),
                ], body: Data((#"{"reference":"lenient","subscriber":{"country":"UG","currency":"UGX","msisdn":"750000003"},"#
                               + #""transaction":{"amount":"1500","country":"UG","currency":"UGX","id":"\#(UUID().uuidString)"},"#
                               + #""channel":"web"}"#).utf8)),
                // KYC with header names in lower case, and the encryption key with a trailing slash.
                HTTPRequest(method: "GET", url: "{base}/standard/v1/users/701234567", headers: [
                    ("authorization", "Bearer {credential:sim_access_token}"), ("x-country", "UG"), ("x-currency", "UGX"),
                ]),
                HTTPRequest(method: "GET", url: "{base}/v1/rsa/encryption-keys/", headers: [
                    ("Authorization", "Bearer {credential:sim_access_token}"), ("X-Country", "UG"), ("X-Currency", "UGX"),
                ]),
            ],
            // The KYC table: any valid number is registered; the barred and the unregistered ones are not active.
            lookups: .init(active: party("701234567"),
                           inactive: [party("700000006"), party(AirtelMoneyAccountHolder.unregistered)]))
    }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        var configuration = AirtelMoneySimulatorConfiguration(
            clientID: try text("client-id", in: setup) ?? UUID().uuidString.lowercased(),
            clientSecret: try text("client-secret", in: setup) ?? SimulatorSecret.hex(16),
            pin: try pin(in: setup),
            callbackURL: try callbackURL(in: setup),
            callbackHashKey: try text("callback-hash-key", in: setup) ?? SimulatorSecret.hex(16)
        )
        let (settle, callback): (Int, Int) = switch setup.pace {
        case .standalone: (500, 100)
        case .realistic: (2000, 200)
        case .demo: (700, 100)
        case .fast: (30, 10)
        }
        configuration.settleDelay = try setup.milliseconds("settle-ms", default: settle)
        configuration.ambiguousDelay = configuration.settleDelay * 4
        configuration.callbackDelay = .milliseconds(callback)
        configuration.tokenLifetime = try tokenLifetime(in: setup)
        let seededToken = SimulatorSecret.hex(24)
        configuration.seededTokens = [seededToken]
        let simulator = AirtelMoneySimulator(configuration: configuration, callbackTransport: setup.transport)
        return PluggedSimulator(simulator: simulator, credentials: [
            "client_id": configuration.clientID, "client_secret": configuration.clientSecret, "pin": configuration.pin,
            "encryption_public_key": simulator.encryptionPublicKey.pem, "callback_hash_key": configuration.callbackHashKey ?? "",
            "country": "UG", "currency": "UGX", "sim_access_token": seededToken,
        ])
    }

    /// A given option's value, refused when empty; `nil` when not given.
    private func text(_ name: String, in setup: SimulatorSetup) throws(SimulatorSetupError) -> String? {
        guard let value = setup.options[name] else { return nil }
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { throw SimulatorSetupError(option: name, "must not be empty") }
        return value
    }

    private func pin(in setup: SimulatorSetup) throws(SimulatorSetupError) -> String {
        guard let pin = setup.options["pin"] else {
            var generator = SystemRandomNumberGenerator()
            return String(format: "%04d", Int.random(in: 0...9999, using: &generator))
        }
        guard (4...6).contains(pin.count), pin.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw SimulatorSetupError(option: "pin", "must be 4 to 6 digits")
        }
        return pin
    }

    private func callbackURL(in setup: SimulatorSetup) throws(SimulatorSetupError) -> String? {
        guard let url = setup.options["callback-url"] ?? setup.notificationURL else { return nil }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              parsed.host?.isEmpty == false
        else {
            throw SimulatorSetupError(option: "callback-url", "must be an http or https URL")
        }
        return url
    }

    private func tokenLifetime(in setup: SimulatorSetup) throws(SimulatorSetupError) -> Duration {
        guard let text = setup.options["token-ttl-seconds"] else { return .seconds(180) }
        guard let seconds = Int(text), seconds > 0 else {
            throw SimulatorSetupError(option: "token-ttl-seconds", "must be a whole number of seconds above 0")
        }
        return .seconds(seconds)
    }
}
