import Foundation
import HubKit
import Webhooks

extension StripeSimulatorPlugin {
    /// Signed `payment_intent.succeeded` events, each with its own event id, for card payments pending at the hub.
    public var bench: SimulatorBench? {
        SimulatorBench(
            quietOptions: ["settle-ms": "3600000", "webhook-delay-ms": "3600000"],
            notifications: SimulatorBench.SignedNotifications(
                counterparty: .card(paymentMethod: "pm_card_visa"),
                providerTransactionID: Self.intentID,
                make: { simulator, reference, amount, index, now in
                    let body = Self.succeededEvent(id: "evt_bench_\(index)_\(reference.prefix(8))", reference: reference, amount: amount, created: now)
                    let signer = try StripeWebhookSigner(secret: simulator["webhook_secret"])
                    let signed = signer.sign(body: Array(body.utf8), id: "", timestamp: now)
                    return (signed.fields + [(name: "Content-Type", value: "application/json")], Data(body.utf8))
                }))
    }

    static func intentID(_ reference: String) -> String {
        "pi_" + reference.replacingOccurrences(of: "-", with: "").prefix(24)
    }

    static func succeededEvent(id: String, reference: String, amount: Money, created: Date) -> String {
        #"{"id":"\#(id)","object":"event","api_version":"2024-06-20","created":\#(Int(created.timeIntervalSince1970)),"#
            + #""type":"payment_intent.succeeded","livemode":false,"pending_webhooks":1,"#
            + #""data":{"object":{"id":"\#(intentID(reference))","object":"payment_intent","status":"succeeded","amount":\#(amount.minorUnits),"#
            + #""amount_received":\#(amount.minorUnits),"currency":"\#(amount.currency.code.lowercased())","payment_method":"pm_card_visa","#
            + #""metadata":{"reference":"\#(reference)"}}}}"#
    }
}
