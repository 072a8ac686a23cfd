import Foundation
import Hub
import Testing
import Webhooks
@testable import Simulators

@Suite("Airtel Money simulator: the plugin's options, credentials and conformance inputs")
struct AirtelMoneyPluginTests {
    static let transport = AirtelMoneyRecordingTransport(recorder: AirtelMoneyCallbackRecorder())

    static func make(_ options: [String: String], pace: SimulatorSetup.Pace = .fast, notificationURL: String? = nil)
        throws(SimulatorSetupError) -> PluggedSimulator {
        try AirtelMoneySimulatorPlugin().makeSimulator(SimulatorSetup(transport: transport, pace: pace, notificationURL: notificationURL,
                                                                      options: options))
    }

    @Test("credentials carry the names the adapter reads, the public key as PEM, Uganda and UGX")
    func credentials() throws {
        let plugged = try Self.make([:])
        let credentials = plugged.credentials
        for name in ["client_id", "client_secret", "pin", "encryption_public_key", "callback_hash_key", "country", "currency"] {
            #expect(credentials[name]?.isEmpty == false, "\(name)")
        }
        #expect(credentials["country"] == "UG")
        #expect(credentials["currency"] == "UGX")
        let pem = try #require(credentials["encryption_public_key"])
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let simulator = try #require(plugged.simulator as? AirtelMoneySimulator)
        #expect(try RSAPublicKey(pem: pem).derBytes == simulator.encryptionPublicKey.derBytes)
        #expect(credentials["pin"]?.count == 4)
        #expect(simulator.configuration.clientSecret == credentials["client_secret"])
        #expect(simulator.configuration.callbackHashKey == credentials["callback_hash_key"])
    }

    @Test("options are taken as given: credentials, PIN, callback URL and hash key, settle-ms, token-ttl-seconds")
    func options() throws {
        let plugged = try Self.make([
            "client-id": "my-client", "client-secret": "my-secret", "pin": "987654", "callback-url": "http://127.0.0.1:8080/cb",
            "callback-hash-key": "hash-key", "settle-ms": "250", "token-ttl-seconds": "30",
        ], notificationURL: "http://127.0.0.1:9/ignored")
        let configuration = try #require(plugged.simulator as? AirtelMoneySimulator).configuration
        #expect(configuration.clientID == "my-client")
        #expect(plugged.credentials["client_secret"] == "my-secret")
        #expect(configuration.pin == "987654")
        #expect(configuration.callbackURL == "http://127.0.0.1:8080/cb")
        #expect(configuration.callbackHashKey == "hash-key")
        #expect(configuration.settleDelay == .milliseconds(250))
        #expect(configuration.tokenLifetime == .seconds(30))
    }

    @Test("the hub's notification URL is the callback URL when no option names one; pace sets the settle delay")
    func defaults() throws {
        let hubbed = try #require(try Self.make([:], pace: .realistic, notificationURL: "http://127.0.0.1:7000/webhooks/airtel").simulator
            as? AirtelMoneySimulator)
        #expect(hubbed.configuration.callbackURL == "http://127.0.0.1:7000/webhooks/airtel")
        #expect(hubbed.configuration.settleDelay == .milliseconds(2000))
        #expect(hubbed.configuration.tokenLifetime == .seconds(180))
        let alone = try #require(try Self.make([:], pace: .standalone).simulator as? AirtelMoneySimulator)
        #expect(alone.configuration.callbackURL == nil)
        #expect(alone.configuration.settleDelay == .milliseconds(500))
    }

    @Test("a bad option is refused, naming it and never its value", arguments: [
        ("client-id", " "), ("client-secret", ""), ("pin", "12a4"), ("pin", "123"), ("pin", "1234567"), ("callback-url", "ftp://host/x"),
        ("callback-url", "not a url"), ("callback-hash-key", ""), ("settle-ms", "-1"), ("settle-ms", "soon"), ("token-ttl-seconds", "0"),
        ("token-ttl-seconds", "1.5"),
    ])
    func refusedOption(_ name: String, _ value: String) {
        do {
            _ = try Self.make([name: value])
            Issue.record("--\(name) \(value) was accepted")
        } catch {
            #expect(error.option == name)
            // Values of one character or blank may occur in any message; longer ones must not be echoed.
            #expect(value.trimmingCharacters(in: .whitespaces).count < 2 || !error.description.contains(value))
        }
    }

    @Test("conformance: E.164 Ugandan parties, a UGX amount, the declines with their DP008 codes, unknowns and lenient requests")
    func conformance() throws {
        let scenarios = try #require(AirtelMoneySimulatorPlugin().conformance)
        #expect(scenarios.collect.msisdn?.e164 == "+256701234567")
        #expect(scenarios.payout?.msisdn?.e164 == "+256702345678")
        #expect(scenarios.amounts.map(\.currency) == [.UGX])
        #expect(scenarios.declines.count == AirtelMoneyDecline.allCases.count)
        for decline in scenarios.declines {
            let national = String(try #require(decline.party.msisdn).digits.dropFirst(3))
            guard case .decline(let kind) = AirtelMoneyScenario(msisdn: national) else {
                Issue.record("\(national) is not a decline")
                continue
            }
            #expect(decline.providerCode == kind.collectionCode.rawValue)
        }
        for unknown in scenarios.unknown {
            let national = String(try #require(unknown.party.msisdn).digits.dropFirst(3))
            let scenario = AirtelMoneyScenario(msisdn: national)
            #expect((unknown.settlesAs == .succeeded) == (scenario == .ambiguousThenSucceed || scenario == .acceptButAnswerInternalError))
        }
        #expect(AirtelMoneyScenario(msisdn: "701234567") == .succeed)
        #expect(AirtelMoneyScenario(msisdn: "702345678") == .succeed)
        #expect(scenarios.lenientRequests.count == 3)
        let steps = AirtelMoneySimulatorPlugin().demoSteps
        #expect(steps.map(\.kind) == [.topUp, .withdrawal])
        #expect(steps.allSatisfy { step in
            step.currency == "UGX" && AirtelMoneyScenario(msisdn: String((step.party["msisdn"] ?? "").dropFirst(4))) == .succeed
        })
    }
}
