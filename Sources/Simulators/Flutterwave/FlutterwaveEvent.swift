/// One webhook notification, built from the book's truth when it falls due.
///
/// v3 bodies (PROVIDERS.md §8 and Flutterwave's webhook samples):
/// `{"event":"charge.completed","data":{…transaction…},"event.type":"MOBILEMONEYUG_TRANSACTION"}` and
/// `{"event":"transfer.completed","event.type":"Transfer","data":{…transfer…}}`. Failures are sent too,
/// with `data.status` `failed` or `FAILED`.
struct FlutterwaveEvent: Sendable {
    let name: String
    let subject: FlutterwaveTransactionBook.Subject
    /// `data.status` of the body.
    let reportedStatus: String
    let body: [UInt8]
    /// 2 when the scenario delivers the event twice.
    let copies: Int
    /// A transfer's `callback_url`, called besides the dashboard endpoint.
    let callbackURL: String?

    /// The `charge.completed` event of a final charge; `nil` while it is pending.
    static func chargeCompleted(_ charge: FlutterwaveSimulatedCharge) -> FlutterwaveEvent? {
        guard charge.status != .pending else { return nil }
        let eventType: String
        switch charge.method {
        case .mobileMoney(let type): eventType = type.eventType
        case .card: eventType = "CARD_TRANSACTION"
        }
        let body = SimulatorJSON.object([
            ("event", .string("charge.completed")),
            ("data", FlutterwaveWire.transaction(charge)),
            ("event.type", .string(eventType)),
        ])
        return FlutterwaveEvent(
            name: "charge.completed", subject: .charge(charge.id), reportedStatus: charge.status.rawValue,
            body: body.bytes, copies: copies(for: charge.scenario), callbackURL: nil
        )
    }

    /// The `transfer.completed` event of a final transfer; `nil` while it is queued or processing.
    static func transferCompleted(_ transfer: FlutterwaveSimulatedTransfer) -> FlutterwaveEvent? {
        guard transfer.status == .successful || transfer.status == .failed else { return nil }
        let body = SimulatorJSON.object([
            ("event", .string("transfer.completed")),
            ("event.type", .string("Transfer")),
            ("data", FlutterwaveWire.transferEventData(transfer)),
        ])
        return FlutterwaveEvent(
            name: "transfer.completed", subject: .transfer(transfer.id), reportedStatus: transfer.status.rawValue,
            body: body.bytes, copies: copies(for: transfer.scenario), callbackURL: transfer.callbackURL
        )
    }

    private static func copies(for scenario: FlutterwaveScenario) -> Int {
        scenario == .succeedWithDuplicateWebhook ? 2 : 1
    }
}
