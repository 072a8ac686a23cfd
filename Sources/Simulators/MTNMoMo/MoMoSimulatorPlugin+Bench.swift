import Foundation
import HubKit

extension MoMoSimulatorPlugin {
    /// Request-to-pay, as the MoMo adapter sends it, with a collection token taken once for the run.
    public var bench: SimulatorBench? {
        SimulatorBench(
            quietOptions: ["settle-ms": "3600000", "callback-delay-ms": "3600000"],
            collect: SimulatorBench.Collect(
                source: ["type": "mobile_money", "msisdn": "+250788123456"], amount: 100, currency: "RWF", acceptedStatus: 202,
                prepare: { simulator, transport in
                    let token = try await Self.collectionToken(simulator, transport: transport)
                    return SimulatorBench.DirectCollect(path: "/collection/v1_0/requesttopay") { base, callbackURL in
                        let body = #"{"amount":"100","currency":"RWF","externalId":"\#(UUID().uuidString.lowercased())","#
                            + #""payer":{"partyIdType":"MSISDN","partyId":"250788123456"},"payerMessage":"Miliano top-up","payeeNote":"Miliano top-up"}"#
                        return HTTPRequest(method: "POST", url: base + "/collection/v1_0/requesttopay", headers: [
                            ("Authorization", "Bearer \(token)"), ("X-Reference-Id", UUID().uuidString.lowercased()),
                            ("X-Target-Environment", simulator["target_environment"]), ("X-Callback-Url", callbackURL),
                            ("Ocp-Apim-Subscription-Key", simulator["collection.subscription_key"]), ("Content-Type", "application/json"),
                        ], body: Data(body.utf8))
                    }
                }))
    }

    /// A collection access token, as the adapter obtains one.
    static func collectionToken(_ simulator: SimulatorConnection, transport: any HTTPTransport) async throws -> String {
        let basic = Data("\(simulator["collection.api_user"]):\(simulator["collection.api_key"])".utf8).base64EncodedString()
        let answer = try await transport.send(HTTPRequest(method: "POST", url: simulator.baseURL + "/collection/token/", headers: [
            ("Authorization", "Basic \(basic)"), ("Ocp-Apim-Subscription-Key", simulator["collection.subscription_key"]),
        ]))
        guard answer.status == 200, let object = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
              let token = object["access_token"] as? String else {
            throw SimulatorSetupError(option: "collection.api_user", "the simulator refused a token (HTTP \(answer.status))")
        }
        return token
    }
}
