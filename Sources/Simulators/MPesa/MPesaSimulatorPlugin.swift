import Foundation
import HubKit

/// The M-Pesa Daraja simulator as `hub simulate mpesa` and `simulated: true` start it: consumer credentials made up
/// for the run (or given), the sandbox's shortcode and passkey unless given, a fresh RSA key pair for the initiator's
/// security credential.
public struct MPesaSimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "mpesa" }

    public var options: [SimulatorOption] {
        [SimulatorOption("consumer-key", "accept only this consumer key (default: made up for the run)"),
         SimulatorOption("consumer-secret", "accept only this consumer secret (default: made up for the run)"),
         SimulatorOption("shortcode", "the Lipa Na M-Pesa shortcode, 5 to 7 digits (default: 174379)"),
         SimulatorOption("passkey", "the shortcode's passkey (default: the public sandbox passkey)"),
         SimulatorOption("settle-ms", "milliseconds before an STK push settles and its callback is sent"),
         SimulatorOption("result-ms", "milliseconds before a B2C or Transaction Status result is sent")]
    }

    /// A KES top-up from the number the scenario table answers with success (Safaricom's sandbox test number).
    public var demoSteps: [DemoStep] {
        [DemoStep(.topUp, amount: 15_000, currency: "KES", party: ["type": "mobile_money", "msisdn": "+254708374149"],
                  label: "+254•••••••149")]
    }

    /// From the scenario tables (docs/simulators/mpesa.md): any number not listed succeeds.
    public var conformance: ConformanceScenarios? {
        // Every literal below is a valid E.164 number and a positive amount: the initialisers cannot throw.
        func party(_ number: String) -> Counterparty { .mobileMoney(try! MSISDN(number)) }
        return ConformanceScenarios(
            collect: party("+254708374149"), payout: party("+254712345678"),
            amounts: [try! Money.positive(minorUnits: 15_000, currency: .KES)],
            declines: [.init(party("+254700001032"), providerCode: "1032"), .init(party("+254700001037"), providerCode: "1037"),
                       .init(party("+254700000001"), providerCode: "1"), .init(party("+254700002001"), providerCode: "2001")],
            // 254700009005 moves the money, but the 500 carries no CheckoutRequestID: a hub cannot query it, and its
            // unsigned callback names only that id, so the payment stays pending for an operator (docs/simulators/mpesa.md).
            unknown: [.init(party("+254700009005"), settlesAs: nil), .init(party("+254700009004"), settlesAs: nil)],
            lenientRequests: [
                // An independent client's token request: header names in lower case, a JSON content type on a GET.
                HTTPRequest(method: "GET", url: "{base}/oauth/v1/generate?grant_type=client_credentials", headers: [
                    ("authorization", "Basic {basic:consumer_key:consumer_secret}"), ("content-type", "application/json"),
                ]),
                // The scheme in lower case, and a cache-busting parameter Daraja ignores.
                HTTPRequest(method: "GET", url: "{base}/oauth/v1/generate?grant_type=client_credentials&_=1", headers: [
                    ("Authorization", "basic {basic:consumer_key:consumer_secret}"),
                ]),
            ],
            options: ["settle-ms": "200", "result-ms": "200"])
    }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        if setup.options["consumer-key"]?.contains(":") == true {
            throw SimulatorSetupError(option: "consumer-key", "must not contain ':' (it is the user half of Basic credentials)")
        }
        var configuration = MPesaSimulatorConfiguration(
            consumerKey: try Self.text(setup, "consumer-key") ?? SimulatorSecret.hex(16),
            consumerSecret: try Self.text(setup, "consumer-secret") ?? SimulatorSecret.hex(16)
        )
        if let shortcode = setup.options["shortcode"] {
            guard MPesaValidation.isShortcode(shortcode) else { throw SimulatorSetupError(option: "shortcode", "must be 5 to 7 digits") }
            configuration.shortcode = shortcode
        }
        if let passkey = try Self.text(setup, "passkey") { configuration.passkey = passkey }
        let (settle, result): (Int, Int) = switch setup.pace {
        case .standalone, .realistic: (3000, 2000)
        case .demo: (1000, 700)
        case .fast: (30, 30)
        }
        configuration.settleDelay = try setup.milliseconds("settle-ms", default: settle)
        configuration.resultDelay = try setup.milliseconds("result-ms", default: result)
        if setup.pace == .fast { configuration.repeatDelay = .milliseconds(10) }
        let simulator = MPesaSimulator(configuration: configuration, notificationTransport: setup.transport)
        let securityCredential: String
        do { securityCredential = try simulator.issueSecurityCredential() } catch {
            throw SimulatorSetupError(option: "initiator-password", "cannot be encrypted: \(error)")
        }
        return PluggedSimulator(simulator: simulator, credentials: [
            "consumer_key": configuration.consumerKey, "consumer_secret": configuration.consumerSecret,
            "shortcode": configuration.shortcode, "passkey": configuration.passkey, "b2c_shortcode": configuration.b2cShortcode,
            "initiator_name": configuration.initiatorName, "security_credential": securityCredential,
        ])
    }

    /// An option's value, refused when given empty or with spaces (a key, secret or passkey never has them).
    private static func text(_ setup: SimulatorSetup, _ name: String) throws(SimulatorSetupError) -> String? {
        guard let value = setup.options[name] else { return nil }
        guard !value.isEmpty, !value.contains(where: \.isWhitespace) else {
            throw SimulatorSetupError(option: name, "must not be empty or contain spaces")
        }
        return value
    }
}
