import Foundation
import Testing
@testable import Simulators

@Suite("M-Pesa simulator: STK callbacks and the STK query")
struct MPesaSTKCallbackTests {
    @Test("a completed push posts Body.stkCallback with ResultCode 0 and CallbackMetadata items by name")
    func successCallback() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let answer = try await client.stkPush(MPesaSTKCall(), token: try await client.token())
            let checkout = try #require(answer["CheckoutRequestID"])
            let request = try #require(await harness.recorder.waitFor(1).first)
            #expect(request.method == "POST")
            #expect(request.url == MPesaTestHarness.callbackURL)
            #expect(request.headers.contains { $0.name == "Content-Type" && $0.value == "application/json" })
            #expect(!request.headers.contains { $0.name.lowercased().contains("signature") })
            let text = String(decoding: try #require(request.body), as: UTF8.self)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(Array(json.keys) == ["Body"])
            let callback = try #require((json["Body"] as? [String: Any])?["stkCallback"] as? [String: Any])
            #expect(Set(callback.keys) == ["MerchantRequestID", "CheckoutRequestID", "ResultCode", "ResultDesc", "CallbackMetadata"])
            #expect(callback["CheckoutRequestID"] as? String == checkout)
            #expect(callback["MerchantRequestID"] as? String == answer["MerchantRequestID"])
            #expect(text.contains(#""ResultCode":0,"#))
            #expect(callback["ResultDesc"] as? String == "The service request is processed successfully.")
            let items = try #require((callback["CallbackMetadata"] as? [String: Any])?["Item"] as? [[String: Any]])
            #expect(items.map { $0["Name"] as? String } == ["Amount", "MpesaReceiptNumber", "Balance", "TransactionDate", "PhoneNumber"])
            #expect(items[2].keys.sorted() == ["Name"])
            #expect(text.contains(#"{"Name":"Amount","Value":150}"#))
            #expect(text.contains(#"{"Name":"PhoneNumber","Value":254708374149}"#))
            let receipt = try #require(items[1]["Value"] as? String)
            #expect(receipt.count == 10 && receipt == receipt.uppercased())
            let date = try #require(items[3]["Value"] as? NSNumber)
            #expect(String(describing: date).count == 14)
            let recorded = try #require(await harness.simulator.push(checkoutRequestID: checkout))
            #expect(recorded.receipt == receipt)
            #expect(recorded.notifications.map(\.responseStatus) == [200])
            #expect(await harness.simulator.collected().minorUnits == 15_000)
        }
    }

    @Test("a failed push posts its ResultCode as a number and no CallbackMetadata", arguments: [
        ("254700001032", 1032, "Request cancelled by user"), ("254700001037", 1037, "DS timeout user cannot be reached."),
        ("254700000001", 1, "The balance is insufficient for the transaction."),
    ])
    func failureCallback(_ phone: String, _ code: Int, _ description: String) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            _ = try await client.stkPush(MPesaSTKCall(phone: phone), token: try await client.token())
            let request = try #require(await harness.recorder.waitFor(1).first)
            let text = String(decoding: try #require(request.body), as: UTF8.self)
            #expect(text.contains(#""ResultCode":\#(code),"#))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let callback = try #require((json["Body"] as? [String: Any])?["stkCallback"] as? [String: Any])
            #expect(Set(callback.keys) == ["MerchantRequestID", "CheckoutRequestID", "ResultCode", "ResultDesc"])
            #expect(callback["ResultDesc"] as? String == description)
            #expect(await harness.simulator.collected().minorUnits == 0)
        }
    }

    @Test("the query answers 500 500.001.1001 while pending, then the result with ResultCode as a string")
    func queryPendingThenFinal() async throws {
        let harness = MPesaTestHarness { $0.settleDelay = .seconds(1) }
        try await harness.withClient { client in
            let token = try await client.token()
            let checkout = try #require(try await client.stkPush(MPesaSTKCall(phone: "254700001032"), token: token)["CheckoutRequestID"])
            let pending = try await client.stkQuery(checkout, token: token)
            #expect(pending.status == .internalServerError)
            #expect(pending.errorCode == "500.001.1001")
            #expect(pending.errorMessage == "The transaction is being processed")
            #expect(pending["requestId"]?.isEmpty == false)
            let final = try await client.finalQuery(checkout, token: token)
            #expect(final.status == .ok)
            #expect(final.bodyText.contains(#""ResultCode":"1032""#))
            #expect(final["ResponseCode"] == "0")
            #expect(final["ResponseDescription"] == "The service request has been accepted successsfully")
            #expect(final["ResultDesc"] == "Request cancelled by user")
            #expect(final["CheckoutRequestID"] == checkout)
            #expect(Set(final.json?.keys.map { $0 } ?? []) == [
                "ResponseCode", "ResponseDescription", "MerchantRequestID", "CheckoutRequestID", "ResultCode", "ResultDesc",
            ])
        }
    }

    @Test("the query of an unknown CheckoutRequestID is 400 Invalid CheckoutRequestID; its password is checked")
    func queryRefusals() async throws {
        try await MPesaTestHarness().withClient { client in
            let token = try await client.token()
            let unknown = try await client.stkQuery("ws_CO_000000000000000", token: token)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "400.002.02")
            #expect(unknown.errorMessage == "Bad Request - Invalid CheckoutRequestID")
            let checkout = try #require(try await client.stkPush(MPesaSTKCall(), token: token)["CheckoutRequestID"])
            let wrong = try await client.post("/mpesa/stkpushquery/v1/query", token: token, body: """
                {"BusinessShortCode":174379,"Password":"d3Jvbmc=","Timestamp":"\(MPesaSTKCall.now())","CheckoutRequestID":"\(checkout)"}
                """)
            #expect(wrong.status == .internalServerError)
            #expect(wrong.errorMessage == "Wrong credentials")
            let stale = try await client.stkQuery(checkout, token: token, timestamp: "20200225181525")
            #expect(stale.errorMessage == "Bad Request - Invalid Timestamp")
        }
    }

    @Test("a paybill push whose PartyB is not the shortcode ends with ResultCode 2028; above KES 250,000 with 3")
    func outcomeRules() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            var wrongPartyB = MPesaSTKCall()
            wrongPartyB.partyB = "600000"
            var tooMuch = MPesaSTKCall()
            tooMuch.amount = "250001"
            for (push, code) in [(wrongPartyB, "2028"), (tooMuch, "3")] {
                let checkout = try #require(try await client.stkPush(push, token: token)["CheckoutRequestID"])
                let final = try await client.finalQuery(checkout, token: token)
                #expect(final["ResultCode"] == code)
            }
        }
    }

    @Test("shutdown cancels callbacks not yet sent")
    func shutdownCancels() async throws {
        let harness = MPesaTestHarness { $0.settleDelay = .seconds(5) }
        try await harness.withClient { client in
            let token = try await client.token()
            #expect(try await client.stkPush(MPesaSTKCall(), token: token).status == .ok)
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await harness.recorder.requests.isEmpty)
    }
}
