import Foundation
import Hub
import Testing

/// Events reach the wallet backend signed, once per `webhook-id`, in order, through failures.
@Suite(.serialized) struct EventDeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func eventsArriveSignedInOrderOncePerIDThroughRefusals() async throws {
        let receiver = try WalletReceiver(secret: Self.secret, failFirst: 3)
        try await WalletReceiver.serving(receiver) { url in
            try await LiveHub.run(events: (url, Self.secret, [0.05, 0.05, 0.05, 0.05, 0.05])) { live in
                let topUp = try await live.topUp(wallet: "events", amount: 800, msisdn: "+250788000555")
                let id = topUp["id"] as! String
                #expect(try await live.settle(id)["state"] as? String == "succeeded")
                let deadline = ContinuousClock.now + .seconds(5)
                while await receiver.accepted.count < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                let accepted = await receiver.accepted
                #expect(accepted.map(\.type) == ["payment.pending", "payment.succeeded"])
                #expect(accepted.allSatisfy { $0.verified && $0.paymentID == id })
                #expect(Set(accepted.map(\.id)).count == accepted.count)
                #expect(await receiver.refused == 3)
                // The hub records a delivery just after the receiver answers: give it a moment.
                var events = try await live.store.outbox(.all, limit: 10)
                while !events.allSatisfy({ $0.deliveredAt != nil }), ContinuousClock.now < deadline + .seconds(2) {
                    try await Task.sleep(for: .milliseconds(20))
                    events = try await live.store.outbox(.all, limit: 10)
                }
                #expect(events.allSatisfy { $0.deliveredAt != nil })
                #expect(events.map(\.eventID) == accepted.map(\.id))
            }
        }
    }

    @Test func anEventIsDeadAfterItsScheduleAndCanBeRedelivered() async throws {
        let receiver = try WalletReceiver(secret: Self.secret, failFirst: 3)
        try await WalletReceiver.serving(receiver) { url in
            try await LiveHub.run(events: (url, Self.secret, [0.02, 0.02])) { live in
                let topUp = try await live.topUp(wallet: "dead", amount: 800, msisdn: "+250780002001")
                let deadline = ContinuousClock.now + .seconds(5)
                var dead: [OutboxEvent] = []
                while dead.isEmpty, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                    dead = try await live.store.outbox(.dead, limit: 10)
                }
                #expect(dead.count == 1)
                #expect(dead.first?.deliveryAttempts == 3)
                #expect(dead.first?.lastError == "HTTP 503")
                #expect(try await live.store.redeliver(eventID: dead[0].eventID, at: Date()))
                while await receiver.accepted.isEmpty, ContinuousClock.now < deadline + .seconds(5) { try await Task.sleep(for: .milliseconds(20)) }
                #expect(await receiver.accepted.map(\.paymentID) == [topUp["id"] as! String])
                #expect(try await live.store.outbox(.dead, limit: 10).isEmpty)
                #expect(try await live.store.redeliver(eventID: "evt_unknown", at: Date()) == false)
            }
        }
    }
}
