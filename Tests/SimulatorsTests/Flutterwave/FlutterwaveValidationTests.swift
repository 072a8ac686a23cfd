import Foundation
import Testing
@testable import Simulators

/// A request the simulator must refuse with 400 and the message it must give.
struct FlutterwaveRefusal: Sendable, CustomTestStringConvertible {
    let name: String
    let path: String
    let body: String
    let message: String

    var testDescription: String { name }

    static let uganda = "/v3/charges?type=mobile_money_uganda"
    static let valid = #""tx_ref":"V-1","currency":"UGX","email":"a@b.co","phone_number":"256772123456""#

    static let charges: [FlutterwaveRefusal] = [
        .init(name: "no type", path: "/v3/charges", body: "{\(valid),\"amount\":1}",
              message: "type is required in the query string, e.g. /v3/charges?type=mobile_money_uganda"),
        .init(name: "unknown type", path: "/v3/charges?type=mobile_money_narnia", body: "{\(valid),\"amount\":1}",
              message: "Invalid charge type: mobile_money_narnia"),
        .init(name: "card direct charge", path: "/v3/charges?type=card", body: "{\(valid),\"amount\":1}",
              message: "Encrypted card charges are not simulated: charge a card token with POST /v3/tokenized-charges"),
        .init(name: "not JSON", path: uganda, body: "tx_ref=V-1&amount=1", message: "Request body must be a JSON object"),
        .init(name: "a JSON array", path: uganda, body: "[1,2]", message: "Request body must be a JSON object"),
        .init(name: "empty body", path: uganda, body: "", message: "Request body must be a JSON object"),
        .init(name: "no tx_ref", path: uganda, body: #"{"amount":1,"currency":"UGX","email":"a@b.co","phone_number":"256772123456"}"#,
              message: "tx_ref is required"),
        .init(name: "tx_ref over 100 characters", path: uganda,
              body: #"{"tx_ref":"\#(String(repeating: "x", count: 101))","amount":1,"currency":"UGX"}"#,
              message: "tx_ref must be at most 100 characters long"),
        .init(name: "no currency", path: uganda, body: #"{"tx_ref":"V-1","amount":1}"#, message: "currency is required"),
        .init(name: "unknown currency", path: uganda, body: #"{"tx_ref":"V-1","amount":1,"currency":"XYZ"}"#,
              message: "Invalid currency: XYZ"),
        .init(name: "no amount", path: uganda, body: "{\(valid)}", message: "amount is required"),
        .init(name: "zero amount", path: uganda, body: "{\(valid),\"amount\":0}", message: "Invalid amount: it must be greater than 0"),
        .init(name: "negative amount", path: uganda, body: "{\(valid),\"amount\":-5}",
              message: "Invalid amount: expected a positive decimal number in major units"),
        .init(name: "amount with an exponent", path: uganda, body: "{\(valid),\"amount\":1e3}",
              message: "Invalid amount: expected a positive decimal number in major units"),
        .init(name: "amount as a word", path: uganda, body: "{\(valid),\"amount\":\"ten\"}",
              message: "Invalid amount: expected a positive decimal number in major units"),
        .init(name: "amount as an object", path: uganda, body: "{\(valid),\"amount\":{}}", message: "amount must be a number"),
        .init(name: "UGX amount with decimals", path: uganda, body: "{\(valid),\"amount\":1500.5}",
              message: "Invalid amount: UGX amounts have at most 0 decimal places"),
        .init(name: "amount beyond the limit", path: uganda, body: "{\(valid),\"amount\":1000000000001}",
              message: "Invalid amount: it is too large"),
        .init(name: "no email", path: uganda, body: #"{"tx_ref":"V-1","currency":"UGX","amount":1,"phone_number":"256772123456"}"#,
              message: "email is required"),
        .init(name: "bad email", path: uganda, body: #"{"tx_ref":"V-1","currency":"UGX","amount":1,"email":"nobody"}"#,
              message: "email must be a valid email address"),
        .init(name: "no phone_number", path: uganda, body: #"{"tx_ref":"V-1","currency":"UGX","amount":1,"email":"a@b.co"}"#,
              message: "phone_number is required"),
        .init(name: "phone_number with letters", path: uganda,
              body: #"{"tx_ref":"V-1","currency":"UGX","amount":1,"email":"a@b.co","phone_number":"2567-CALL-ME"}"#,
              message: "phone_number should be digits"),
        .init(name: "phone_number as a number", path: uganda,
              body: #"{"tx_ref":"V-1","currency":"UGX","amount":1,"email":"a@b.co","phone_number":256772123456}"#,
              message: "phone_number must be a string"),
        .init(name: "network of another country", path: uganda, body: "{\(valid),\"amount\":1,\"network\":\"VODAFONE\"}",
              message: "Only MTN, AIRTEL are valid networks for UGX"),
        .init(name: "francophone without country", path: "/v3/charges?type=mobile_money_franco",
              body: #"{"tx_ref":"V-1","currency":"XOF","amount":1,"email":"a@b.co","phone_number":"221770000001"}"#,
              message: "country is required for XOF charges"),
        .init(name: "francophone with another country", path: "/v3/charges?type=mobile_money_franco",
              body: #"{"tx_ref":"V-1","currency":"XOF","amount":1,"email":"a@b.co","phone_number":"221770000001","country":"NG"}"#,
              message: "Invalid country: NG; use one of CM, SN, BF, CI"),
        .init(name: "tokenized charge without token", path: "/v3/tokenized-charges",
              body: #"{"tx_ref":"V-1","currency":"NGN","amount":1,"email":"a@b.co"}"#, message: "token is required"),
        .init(name: "tokenized charge with a foreign token", path: "/v3/tokenized-charges",
              body: #"{"token":"tok_visa","tx_ref":"V-1","currency":"NGN","amount":1,"email":"a@b.co"}"#, message: "Invalid token"),
        .init(name: "tokenized charge with too many decimals", path: "/v3/tokenized-charges",
              body: #"{"token":"flw-t1nf-5531886652142950-m03k","tx_ref":"V-1","currency":"NGN","amount":10.005,"email":"a@b.co"}"#,
              message: "Invalid amount: NGN amounts have at most 2 decimal places"),
    ]

    static let transfers: [FlutterwaveRefusal] = [
        .init(name: "transfer without account_bank", path: "/v3/transfers",
              body: #"{"account_number":"0690000040","amount":10,"currency":"NGN"}"#, message: "account_bank is required"),
        .init(name: "transfer without account_number", path: "/v3/transfers",
              body: #"{"account_bank":"044","amount":10,"currency":"NGN"}"#, message: "account_number is required"),
        .init(name: "transfer without currency", path: "/v3/transfers",
              body: #"{"account_bank":"044","account_number":"0690000040","amount":10}"#, message: "currency is required"),
        .init(name: "transfer of zero", path: "/v3/transfers",
              body: #"{"account_bank":"044","account_number":"0690000040","amount":0,"currency":"NGN"}"#,
              message: "Invalid amount: it must be greater than 0"),
        .init(name: "RWF transfer with decimals", path: "/v3/transfers",
              body: #"{"account_bank":"MTN","account_number":"250788123456","amount":10.5,"currency":"RWF"}"#,
              message: "Invalid amount: RWF amounts have at most 0 decimal places"),
        .init(name: "mobile money network of another currency", path: "/v3/transfers",
              body: #"{"account_bank":"SAFARICOM","account_number":"256772123456","amount":10,"currency":"UGX"}"#,
              message: "Invalid account_bank SAFARICOM for UGX mobile money: use MTN, AIRTEL, MPS"),
        .init(name: "network name for a bank-only currency", path: "/v3/transfers",
              body: #"{"account_bank":"MTN","account_number":"2348012345678","amount":10,"currency":"NGN"}"#,
              message: "Invalid account_bank MTN: NGN transfers go to bank codes"),
        .init(name: "MSISDN without country code", path: "/v3/transfers",
              body: #"{"account_bank":"MTN","account_number":"0772123456","amount":10,"currency":"UGX","beneficiary_name":"A"}"#,
              message: "account_number must be the mobile number with its country code, e.g. 256700000000"),
        .init(name: "KES mobile money without sender meta", path: "/v3/transfers",
              body: #"{"account_bank":"MPS","account_number":"254712345678","amount":10,"currency":"KES","beneficiary_name":"A"}"#,
              message: "meta with sender, sender_country and mobile_number is required for KES mobile money transfers"),
        .init(name: "cross-currency transfer", path: "/v3/transfers",
              body: #"{"account_bank":"044","account_number":"0690000040","amount":10,"currency":"NGN","debit_currency":"USD"}"#,
              message: "debit_currency other than currency (a cross-currency transfer) is not simulated"),
        .init(name: "callback_url that is not a URL", path: "/v3/transfers",
              body: #"{"account_bank":"044","account_number":"0690000040","amount":10,"currency":"NGN","callback_url":"not a url"}"#,
              message: "callback_url must be an http or https URL"),
        .init(name: "blacklisted test account", path: "/v3/transfers",
              body: #"{"account_bank":"044","account_number":"0690000036","amount":10,"currency":"NGN"}"#,
              message: "Payout was made to a blacklisted account number"),
    ]
}

@Suite("Flutterwave simulator: validation errors in the error envelope")
struct FlutterwaveValidationTests {
    @Test(
        "each invalid request is a 400 with data null, and nothing is recorded",
        arguments: FlutterwaveRefusal.charges + FlutterwaveRefusal.transfers
    )
    func refused(_ refusal: FlutterwaveRefusal) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.post, refusal.path, body: refusal.body)
            #expect(answer.status == .badRequest)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.message == refusal.message)
            #expect(answer.json?["data"] is NSNull)
            #expect(await harness.simulator.charges().isEmpty)
            #expect(await harness.simulator.transfers().isEmpty)
        }
    }

    @Test("the documented blacklisted-account answer is reproduced byte for byte in meaning")
    func blacklistedFixture() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.transfer(bank: "044", account: "0690000036", amount: "10", currency: "NGN")
            let documented = try FlutterwaveFixtures.json("transfer_blacklisted.json")
            #expect(answer.message == documented["message"] as? String)
            #expect(answer.envelopeStatus == documented["status"] as? String)
        }
    }

    @Test("unknown ids are 400 with Flutterwave's not-found message", arguments: [
        ("/v3/transactions/999/verify", "No transaction was found for this id"),
        ("/v3/transactions/abc/verify", "No transaction was found for this id"),
        ("/v3/transactions/verify_by_reference?tx_ref=nothing-here", "No transaction was found for this id"),
        ("/v3/transactions/verify_by_reference", "tx_ref is required"),
        ("/v3/transfers/42", "No transfer was found for this id"),
        ("/v3/refunds/42", "No refund was found for this id"),
        ("/v3/balances/ABC", "Invalid currency: ABC"),
    ])
    func notFound(_ path: String, _ message: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let answer = try await client.call(.get, path)
            #expect(answer.status == .badRequest)
            #expect(answer.message == message)
        }
    }
}
