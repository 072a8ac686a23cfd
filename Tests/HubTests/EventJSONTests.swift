import Foundation
import Testing
@testable import Hub

/// The hand-written event JSON and timestamps against Foundation's own output, byte for byte.
@Suite struct EventJSONTests {
    static func foundationJSON(_ envelope: PaymentEventEnvelope) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(envelope)
    }

    @Test func timestampsMatchFoundationsFormatter() {
        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, 0.0005, 0.9996, 1.0009999, 951_782_400.5, 1_795_000_000.1237, 4_107_542_399.999, 253_402_300_799.999]
        let random = (0..<20_000).map { _ in TimeInterval(Double.random(in: 0..<4_200_000_000, using: &generator)) }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.iso8601(date) == Timestamp.formatted(date), "at \(seconds)")
        }
    }

    @Test func eventsMatchJSONEncoderByteForByte() throws {
        let texts = ["", "plain", "quote \" and \\ backslash", "slash / stays", "line\nbreak\ttab\r\u{8}\u{C}", "\u{1}\u{1F}\u{7F}",
                     "é ü 日本 🙂", "\u{2028}\u{2029}", "a_b", "ab"]
        var checked = 0
        for (index, text) in texts.enumerated() {
            for variant in 0..<4 {
                let draft = try Fixture.draft(index.isMultiple(of: 2) ? .topUp : .withdrawal, wallet: "w-\(index)", amount: Int64(index + 1) * 1_050)
                let payment = Payment(id: draft.id, kind: draft.kind, walletID: draft.walletID, amount: draft.amount,
                                      counterparty: draft.counterparty, state: .pending, idempotencyKey: draft.idempotencyKey,
                                      provider: draft.provider, providerReference: draft.reference,
                                      createdAt: Fixture.clock, updatedAt: Fixture.clock.addingTimeInterval(Double(index) * 0.0123))
                var resource = PaymentResource(payment)
                resource.metadata = variant == 0 ? [:] : Dictionary([("order", text), ("a_b", "1"), ("ab", text), (text, "key")]) { first, _ in first }
                if variant >= 2 { resource.failure = .init(code: "declined", providerCode: variant == 3 ? text : nil, message: text) }
                if variant == 3 { resource.refundState = "pending"; resource.needsReview = true }
                resource.counterparty = text
                let envelope = PaymentEventEnvelope(id: "evt_\(index)", type: "payment.failed", createdAt: Timestamp.iso8601(Date()), data: resource)
                #expect(try EventJSON.encode(envelope) == Self.foundationJSON(envelope), "text \(index), variant \(variant)")
                checked += 1
            }
        }
        #expect(checked == texts.count * 4)
    }
}
