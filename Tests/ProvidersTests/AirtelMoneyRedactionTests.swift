import Foundation
import Hub
import Testing
@testable import Providers

/// No credential, token, PIN or full phone number in what the adapter says about a failure: every error it can
/// throw is collected here and searched for them.
@Suite struct AirtelMoneyRedactionTests {
    typealias Support = AirtelMoneyTestSupport
    typealias Server = AirtelMoneyFixtureServer

    static let secrets = [Support.clientID, Support.clientSecret, Support.pin, Support.hashKey, "UCc0fixture0access0token0ki2w",
                          "752604392", "256752604392", "731234567"]

    @Test func errorDescriptionsCarryNoSecret() async throws {
        let answers: [AirtelMoneyCanned] = [
            .json(401, "{}"), .json(500, "{}"), .json(403, #"{"status":{"response_code":"DP00900001016"}}"#), .json(200, "garbled"),
            .json(429, "{}"), .fixture(200, "disbursement-enquiry_not-found.json"),
        ]
        var descriptions: [String] = []
        for answer in answers {
            let found = try await Server.run(Server.withToken { _ in answer }) { server in
                var found: [String] = []
                let provider = Support.provider(server)
                do { _ = try await provider.collect(Support.collectRequest(), context: server.context()) } catch { found.append(String(describing: error)) }
                do { _ = try await provider.payout(Support.payoutRequest(), context: server.context()) } catch { found.append(String(describing: error)) }
                let old = AttemptLookup(kind: .withdrawal, reference: Support.reference, providerTransactionID: nil, createdAt: Date() - 7200)
                do { _ = try await provider.status(of: old, context: server.context()) } catch { found.append(String(describing: error)) }
                return found
            }
            descriptions += found
        }
        let refused = RecordingTransport { _ throws(TransportError) in throw TransportError(.notSent, "connection refused") }
        let provider = AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test"))
        for party in [Support.ugandan, Support.rwandan] {
            do { _ = try await provider.payout(Support.payoutRequest(payee: party), context: refused.context()) } catch { descriptions.append(String(describing: error)) }
        }
        #expect(descriptions.count >= 15)
        for description in descriptions {
            for secret in Self.secrets { #expect(!description.contains(secret), "\(description)") }
        }
    }
}
