import Foundation
import HubKit

/// The MTN MoMo simulator as `hub simulate mtn-momo` and `simulated: true` start it, with one API user seeded for
/// the run (both products), so a hub on any loopback port needs no provisioning step.
public struct MoMoSimulatorPlugin: SimulatorPlugin {
    public init() {}

    public var type: String { "mtn-momo" }

    public var options: [SimulatorOption] {
        [SimulatorOption("subscription-key", "accept only this Ocp-Apim-Subscription-Key (default: any)"),
         SimulatorOption("settle-ms", "milliseconds a transaction stays PENDING"),
         SimulatorOption("callback-delay-ms", "milliseconds before a callback is sent"),
         SimulatorOption("slow-ms", "milliseconds the slow scenario takes to answer")]
    }

    /// A top-up and a withdrawal with numbers the scenario table answers with success.
    public var demoSteps: [DemoStep] {
        [DemoStep(.topUp, amount: 5000, currency: "RWF", party: ["type": "mobile_money", "msisdn": "+250788123456"], label: "+250•••••••456"),
         DemoStep(.withdrawal, amount: 1500, currency: "RWF", party: ["type": "mobile_money", "msisdn": "+250789654321"],
                  label: "+250•••••••321")]
    }

    /// From the scenario table (docs/simulators/mtn-momo.md): any other number succeeds.
    public var conformance: ConformanceScenarios? {
        // Every literal below is a valid E.164 number and a positive amount: the initialisers cannot throw.
        func party(_ number: String) -> Counterparty { .mobileMoney(try! MSISDN(number)) }
        return ConformanceScenarios(
            collect: party("+250788123456"), payout: party("+250789654321"),
            amounts: [try! Money.positive(minorUnits: 1500, currency: .RWF), try! Money.positive(minorUnits: 1050, currency: .EUR)],
            declines: [.init(party("+250780001009"), providerCode: "NOT_ENOUGH_FUNDS"), .init(party("+250780001015"), providerCode: "EXPIRED"),
                       .init(party("+250780001012"), providerCode: "PAYMENT_NOT_APPROVED"),
                       .init(party("+250780001003"), providerCode: "NOT_ALLOWED")],
            unknown: [.init(party("+250780002007"), settlesAs: .succeeded), .init(party("+250780002005"), settlesAs: nil)],
            lenientRequests: [
                // An independent client's token request: JSON content type and an empty object, header names in lower case.
                HTTPRequest(method: "POST", url: "{base}/collection/token/", headers: [
                    ("authorization", "Basic {basic:collection.api_user:collection.api_key}"),
                    ("ocp-apim-subscription-key", "{credential:collection.subscription_key}"), ("Content-Type", "application/json"),
                ], body: Data("{}".utf8)),
            ],
            lookups: .init(active: party("+250789654321"),
                           inactive: [party("+" + MoMoAccountHolder.inactiveKey), party("+" + MoMoAccountHolder.unregisteredKey)]))
    }

    public func makeSimulator(_ setup: SimulatorSetup) throws(SimulatorSetupError) -> PluggedSimulator {
        var configuration = MoMoSimulatorConfiguration(subscriptionKey: setup.options["subscription-key"])
        if configuration.subscriptionKey == "" { throw SimulatorSetupError(option: "subscription-key", "must not be empty") }
        let (settle, callback, slow): (Int, Int, Int) = switch setup.pace {
        case .standalone: (500, 100, 2000)
        case .realistic: (2000, 200, 2000)
        case .demo: (700, 100, 2000)
        case .fast: (30, 10, 300)
        }
        configuration.settleDelay = try setup.milliseconds("settle-ms", default: settle)
        configuration.callbackDelay = try setup.milliseconds("callback-delay-ms", default: callback)
        configuration.slowDelay = try setup.milliseconds("slow-ms", default: slow)
        let user = MoMoSeededUser(userID: UUID().uuidString.lowercased(), apiKey: SimulatorSecret.hex())
        configuration.seededUsers = [user]
        let simulator = MoMoSimulator(configuration: configuration, callbackTransport: setup.transport)
        let subscriptionKey = configuration.subscriptionKey ?? "simulated"
        var credentials = ["target_environment": configuration.targetEnvironment]
        for product in ["collection", "disbursement"] {
            credentials["\(product).subscription_key"] = subscriptionKey
            credentials["\(product).api_user"] = user.userID
            credentials["\(product).api_key"] = user.apiKey
        }
        return PluggedSimulator(simulator: simulator, credentials: credentials)
    }
}
