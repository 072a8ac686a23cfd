import Foundation
import Hub
import Hummingbird
import HummingbirdTesting
import Testing
import Webhooks
@testable import Simulators

@Suite("M-Pesa simulator: the plugin")
struct MPesaPluginTests {
    static func setup(_ options: [String: String], pace: SimulatorSetup.Pace = .fast) -> SimulatorSetup {
        SimulatorSetup(transport: MPesaRecordingTransport(recorder: MPesaNotificationRecorder()), pace: pace, options: options)
    }

    @Test("type, options and the credentials the adapter reads, by their exact names")
    func credentials() throws {
        let plugin = MPesaSimulatorPlugin()
        #expect(plugin.type == "mpesa")
        #expect(plugin.options.map(\.name) == ["consumer-key", "consumer-secret", "shortcode", "passkey", "settle-ms", "result-ms"])
        let plugged = try plugin.makeSimulator(Self.setup(["consumer-key": "ck", "consumer-secret": "cs", "shortcode": "654321"]))
        #expect(Set(plugged.credentials.keys) == [
            "consumer_key", "consumer_secret", "shortcode", "passkey", "b2c_shortcode", "initiator_name", "security_credential",
        ])
        #expect(plugged.credentials["consumer_key"] == "ck")
        #expect(plugged.credentials["consumer_secret"] == "cs")
        #expect(plugged.credentials["shortcode"] == "654321")
        #expect(plugged.credentials["passkey"] == MPesaSimulatorConfiguration.sandboxPasskey)
        #expect(plugged.credentials["b2c_shortcode"] == "600997")
        #expect(plugged.credentials["initiator_name"] == "testapi")
        let simulator = try #require(plugged.simulator as? MPesaSimulator)
        #expect(simulator.configuration.settleDelay == .milliseconds(30))
        let credential = try #require(plugged.credentials["security_credential"])
        #expect(simulator.credential.accepts(name: "testapi", credential: credential))
        let plaintext = try simulator.configuration.credentialKey.decrypt(try #require(Base64.decode(credential)), padding: .pkcs1)
        #expect(String(decoding: plaintext, as: UTF8.self) == simulator.configuration.initiatorPassword)
    }

    @Test("credentials are made up per run unless given")
    func madeUp() throws {
        let first = try MPesaSimulatorPlugin().makeSimulator(Self.setup([:])).credentials
        let second = try MPesaSimulatorPlugin().makeSimulator(Self.setup([:])).credentials
        #expect(first["consumer_key"] != second["consumer_key"])
        #expect(first["consumer_secret"]?.isEmpty == false)
        #expect(first["security_credential"] != second["security_credential"])
    }

    @Test("bad options are refused, naming the option", arguments: [
        ("shortcode", "17437x"), ("shortcode", "1234"), ("shortcode", "12345678"), ("consumer-key", ""), ("consumer-key", "a:b"),
        ("consumer-secret", "with space"), ("passkey", ""), ("settle-ms", "-1"), ("settle-ms", "soon"), ("result-ms", "1.5"),
    ])
    func badOption(_ name: String, _ value: String) {
        #expect {
            _ = try MPesaSimulatorPlugin().makeSimulator(Self.setup([name: value]))
        } throws: { error in
            // The description names the option and never repeats the refused value (it may be a secret).
            guard let refusal = error as? SimulatorSetupError else { return false }
            return refusal.option == name && (value.count < 3 || !refusal.description.contains(value))
        }
    }

    @Test("settle-ms and result-ms set the delays; the pace gives the defaults", arguments: [
        (SimulatorSetup.Pace.realistic, 3000, 2000), (.demo, 1000, 700), (.fast, 30, 30),
    ])
    func pace(_ pace: SimulatorSetup.Pace, _ settle: Int, _ result: Int) throws {
        let plain = try #require(try MPesaSimulatorPlugin().makeSimulator(Self.setup([:], pace: pace)).simulator as? MPesaSimulator)
        #expect(plain.configuration.settleDelay == .milliseconds(settle))
        #expect(plain.configuration.resultDelay == .milliseconds(result))
        let given = try MPesaSimulatorPlugin().makeSimulator(Self.setup(["settle-ms": "5", "result-ms": "7"], pace: pace))
        let configured = try #require(given.simulator as? MPesaSimulator)
        #expect(configured.configuration.settleDelay == .milliseconds(5))
        #expect(configured.configuration.resultDelay == .milliseconds(7))
    }

    @Test("conformance inputs agree with the scenario tables")
    func conformance() throws {
        let scenarios = try #require(MPesaSimulatorPlugin().conformance)
        #expect(MPesaSTKScenario(phoneNumber: try #require(scenarios.collect.msisdn?.digits)) == .succeed)
        #expect(MPesaB2CScenario(partyB: try #require(scenarios.payout?.msisdn?.digits)) == .succeed)
        #expect(scenarios.amounts.map(\.currency.code) == ["KES"])
        #expect(scenarios.amounts.allSatisfy { $0.minorUnits % 100 == 0 })
        for decline in scenarios.declines {
            let scenario = MPesaSTKScenario(phoneNumber: try #require(decline.party.msisdn?.digits))
            guard case .fail(let result) = scenario else { Issue.record("\(decline.providerCode) is not a failure"); continue }
            #expect(String(result.code) == decline.providerCode)
        }
        let unknown = try scenarios.unknown.map { (MPesaSTKScenario(phoneNumber: try #require($0.party.msisdn?.digits)), $0.settlesAs) }
        #expect(unknown.map(\.0) == [.acceptButAnswerInternalError, .answerInternalError])
        // The money moves on the first, but the hub cannot learn it without the CheckoutRequestID the 500 withheld.
        #expect(unknown.map(\.1) == [nil, nil])
        let demo = try #require(MPesaSimulatorPlugin().demoSteps.first)
        #expect(demo.currency == "KES" && demo.amount == 15_000 && demo.kind == .topUp)
        #expect(MPesaSTKScenario(phoneNumber: String(try #require(demo.party["msisdn"]).dropFirst())) == .succeed)
    }

    @Test("the lenient requests of the conformance inputs are accepted")
    func lenientRequests() async throws {
        let plugged = try MPesaSimulatorPlugin().makeSimulator(Self.setup([:]))
        let simulator = try #require(plugged.simulator as? MPesaSimulator)
        let scenarios = try #require(MPesaSimulatorPlugin().conformance)
        let pair = (plugged.credentials["consumer_key"] ?? "") + ":" + (plugged.credentials["consumer_secret"] ?? "")
        let basic = Data(pair.utf8).base64EncodedString()
        let app = Hummingbird.Application(router: simulator.router())
        try await app.test(.router) { client in
            for template in scenarios.lenientRequests {
                var fields = HTTPFields()
                for header in template.headers {
                    fields[.init(header.name)!] = header.value.replacingOccurrences(of: "{basic:consumer_key:consumer_secret}", with: basic)
                }
                let uri = template.url.replacingOccurrences(of: "{base}", with: "")
                let status = try await client.execute(uri: uri, method: .get, headers: fields) { $0.status }
                #expect(status == .ok, "\(uri)")
            }
        }
    }
}
