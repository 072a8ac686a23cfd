import Foundation
import Hub
import Testing
@testable import Simulators

/// An amount as sent in JSON, in one currency, and what it must become.
struct FlutterwaveAmountCase: Sendable, CustomTestStringConvertible {
    let literal: String
    let currency: String
    let minorUnits: Int64
    /// How Flutterwave writes it back: a JSON number without trailing zeros.
    let written: String

    var testDescription: String { "\(literal) \(currency)" }

    /// Exponent 0 (RWF, UGX) and exponent 2 (KES, NGN), numbers and numeric strings.
    static let all: [FlutterwaveAmountCase] = [
        .init(literal: "1500", currency: "RWF", minorUnits: 1_500, written: "1500"),
        .init(literal: #""1500""#, currency: "RWF", minorUnits: 1_500, written: "1500"),
        .init(literal: "1500.0", currency: "RWF", minorUnits: 1_500, written: "1500"),
        .init(literal: "999999999999", currency: "UGX", minorUnits: 999_999_999_999, written: "999999999999"),
        .init(literal: "1", currency: "UGX", minorUnits: 1, written: "1"),
        .init(literal: "100.5", currency: "KES", minorUnits: 10_050, written: "100.5"),
        .init(literal: #""100.50""#, currency: "KES", minorUnits: 10_050, written: "100.5"),
        .init(literal: "0.1", currency: "KES", minorUnits: 10, written: "0.1"),
        .init(literal: "0.07", currency: "KES", minorUnits: 7, written: "0.07"),
        .init(literal: "2000.75", currency: "NGN", minorUnits: 200_075, written: "2000.75"),
        .init(literal: "99999999.99", currency: "NGN", minorUnits: 9_999_999_999, written: "99999999.99"),
        .init(literal: "1234567890.12", currency: "NGN", minorUnits: 123_456_789_012, written: "1234567890.12"),
    ]

    /// A mobile-money type charging in `currency`, or `nil` for a card charge.
    var mobileMoneyType: String? {
        switch currency {
        case "RWF": "mobile_money_rwanda"
        case "UGX": "mobile_money_uganda"
        case "KES": "mpesa"
        default: nil
        }
    }
}

@Suite("Flutterwave simulator: exact amounts in major units")
struct FlutterwaveAmountTests {
    @Test(
        "an amount is stored in exact minor units and written back exactly, in answers, webhooks and balances",
        arguments: FlutterwaveAmountCase.all
    )
    func exactAmount(_ amount: FlutterwaveAmountCase) async throws {
        let harness = FlutterwaveTestHarness { $0.chargeSettleDelay = .seconds(5) }
        try await harness.withClient { client in
            let txRef = "AMT-\(UUID().uuidString)"
            let answer: FlutterwaveAnswer
            if let type = amount.mobileMoneyType {
                let phone = amount.currency == "KES" ? "254712345678" : "250788123456"
                answer = try await client.chargeMobileMoney(
                    type, txRef: txRef, amount: amount.literal, currency: amount.currency, phone: phone, extra: #","order_id":"O-1""#
                )
            } else {
                answer = try await client.chargeToken(txRef: txRef, amount: amount.literal, currency: amount.currency)
            }
            #expect(answer.status == .ok)
            let currency = try #require(Currency(code: amount.currency))
            // A card is collected at once; mobile money only once the customer has authorized it.
            let collectedBefore = await harness.simulator.balance(in: currency).collected
            #expect(collectedBefore == (amount.mobileMoneyType == nil ? amount.minorUnits : 0))

            let final = try await client.finalCharge(txRef: txRef)
            #expect(final.number("amount") == amount.written)
            #expect(final.number("charged_amount") == amount.written)
            #expect(final.number("amount_settled") == amount.written)
            let charge = try #require(await harness.simulator.charge(txRef: txRef))
            #expect(charge.amount.minorUnits == amount.minorUnits)
            #expect(charge.amount.currency.code == amount.currency)
            #expect(await harness.simulator.balance(in: currency).collected == amount.minorUnits)

            let request = try #require(await harness.receiver.waitFor(1).first)
            let event = try SimulatorJSONParser.parse(Array(try #require(request.body)))
            guard case .number(let written)? = event["data"]?["amount"] else {
                Issue.record("the webhook's amount is not a JSON number")
                return
            }
            #expect(written == amount.written)
        }
    }

    @Test("a transfer's exact amount leaves the balance exactly", arguments: [
        ("RWF", "MTN", "250788123456", "12345", Int64(12_345)),
        ("UGX", "AIRTEL", "256752123456", "7", Int64(7)),
        ("NGN", "044", "0690000031", "0.01", Int64(1)),
        ("NGN", "044", "0690000032", "5500.55", Int64(550_055)),
    ])
    func transferAmount(_ currency: String, _ bank: String, _ account: String, _ literal: String, _ minorUnits: Int64) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let money = try #require(Currency(code: currency))
            let before = await harness.simulator.balance(in: money).available
            let answer = try await client.transfer(bank: bank, account: account, amount: literal, currency: currency)
            #expect(answer.status == .ok)
            #expect(answer.number("amount") == literal)
            _ = try await client.finalTransfer(id: try #require(answer.data?["id"] as? Int))
            let after = await harness.simulator.balance(in: money)
            #expect(after.available == before - minorUnits)
            #expect(after.paidOut == minorUnits)
        }
    }
}
