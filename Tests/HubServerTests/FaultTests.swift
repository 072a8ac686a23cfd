import Foundation
import Hub
import Simulators
import Testing

/// Provider faults over real loopback HTTP: a hang past the timeout, a connection cut mid-answer, a 500 after
/// the money moved, and a provider that is down. No unknown outcome is ever called failed.
@Suite(.serialized) struct FaultTests {
    static var hanging: MoMoSimulatorConfiguration {
        var configuration = LiveHub.fastSimulator
        configuration.hangDelay = .seconds(2)
        return configuration
    }

    @Test(arguments: ["+250780002009", "+250780002010", "+250780002007"])
    func anUnknownOutcomeStaysPendingUntilTheProviderSays(msisdn: String) async throws {
        try await LiveHub.run(simulator: Self.hanging, expectedCallbackSeconds: 0, momoTimeout: .milliseconds(500)) { live in
            let topUp = try await live.topUp(wallet: "fault", amount: 600, msisdn: msisdn)
            #expect(topUp.status == 201)
            // Pending, or already succeeded when the simulator's callback beat the client's timeout: never failed.
            #expect(["pending", "succeeded"].contains(topUp["state"] as? String))
            let id = try #require(PaymentID(validating: topUp["id"] as! String))
            // The simulator moved the money; only a status query (or its callback) may tell the hub so.
            let deadline = ContinuousClock.now + .seconds(5)
            while try await live.hub.payment(id).state == .pending, ContinuousClock.now < deadline {
                _ = await PendingPaymentPoller(hub: live.hub).pollOnce()
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try await live.hub.payment(id).state == .succeeded)
            #expect(try await live.balance("fault")?.posted == 600)
            #expect(await live.simulator.transactions().count == 1)
        }
    }

    @Test func aProviderThatIsDownFailsNothingSentAndReleasesTheHold() async throws {
        let closed = try #require(LoopbackPort.reserve())
        try await LiveHub.run(momoBaseURL: "http://127.0.0.1:\(closed)") { live in
            let wallet = "down"
            // Fund through Stripe, since MoMo is unreachable.
            let card = try await live.post("/v1/top-ups", ["wallet_id": wallet, "amount": 900, "currency": "RWF",
                                                           "source": ["type": "card", "payment_method": "pm_card_visa"]])
            #expect(try await live.settle(card["id"] as! String)["state"] as? String == "succeeded")
            let withdrawal = try await live.withdraw(wallet: wallet, amount: 500, msisdn: "+250788000700")
            #expect(withdrawal.status == 201)
            #expect(withdrawal["state"] as? String == "failed")
            #expect((withdrawal["failure"] as? [String: Any])?["code"] as? String == "provider_unavailable")
            let balance = try #require(try await live.balance(wallet))
            #expect(balance.available == 900 && balance.pending == 0)
            let circuit = (try await live.request("GET", "/v1/providers")["data"] as? [[String: Any]])?
                .first { $0["id"] as? String == "mtn-momo" }?["circuit"] as? [String: Any]
            #expect(circuit?["consecutive_failures"] as? Int == 1)
        }
    }
}
