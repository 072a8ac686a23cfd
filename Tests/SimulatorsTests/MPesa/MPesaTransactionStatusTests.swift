import Foundation
import Hub
import Testing
@testable import Simulators

@Suite("M-Pesa simulator: Transaction Status")
struct MPesaTransactionStatusTests {
    /// A status query body; `ids` are the identifying fields as JSON members (`"TransactionID":"…"`).
    static func body(_ ids: String, credential: String, initiator: String = "testapi", commandKey: String = "CommandID") -> String {
        """
        {"Initiator":"\(initiator)","SecurityCredential":"\(credential)","\(commandKey)":"TransactionStatusQuery",\(ids),\
        "PartyA":"600997","IdentifierType":"4","ResultURL":"\(MPesaTestHarness.statusURL)",\
        "QueueTimeOutURL":"\(MPesaTestHarness.timeoutURL)","Remarks":"Status","Occasion":"Check"}
        """
    }

    static func status(_ client: MPesaTestClient, _ ids: String, token: String, initiator: String = "testapi",
                       commandKey: String = "CommandID") async throws -> MPesaAnswer {
        try await client.post("/mpesa/transactionstatus/v1/query", token: token,
                              body: body(ids, credential: client.credential(), initiator: initiator, commandKey: commandKey))
    }

    /// The `Result` of the status result posted for `conversationID`, and its parameters by key.
    static func result(
        _ harness: MPesaTestHarness, count: Int
    ) async throws -> (result: [String: Any], parameters: [String: Any], text: String) {
        let requests = await harness.recorder.waitFor(count)
        let request = try #require(requests.last { $0.url == MPesaTestHarness.statusURL })
        let text = String(decoding: try #require(request.body), as: UTF8.self)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let result = try #require(json["Result"] as? [String: Any])
        return (result, MPesaB2CTests.parameters(result), text)
    }

    @Test("by the receipt of a B2C payment: ack like B2C, then Completed with the payment's conversation ids among the parameters")
    func byReceipt() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            let payment = MPesaB2CCall()
            _ = try await client.b2c(payment, token: token)
            _ = await harness.recorder.waitFor(1)
            let paid = try #require(await harness.simulator.payments().first)
            let receipt = try #require(paid.receipt)
            let ack = try await Self.status(client, #""TransactionID":"\#(receipt)""#, token: token)
            #expect(ack.status == .ok)
            #expect(ack["ResponseCode"] == "0")
            #expect(ack["ResponseDescription"] == "Accept the service request successfully.")
            #expect(ack["ConversationID"]?.hasPrefix("AG_") == true)
            #expect(ack["OriginatorConversationID"]?.isEmpty == false)

            let (result, parameters, text) = try await Self.result(harness, count: 2)
            #expect(text.contains(#""ResultCode":0,"#))
            #expect(result["ConversationID"] as? String == ack["ConversationID"])
            #expect(parameters["TransactionStatus"] as? String == "Completed")
            #expect(parameters["ReceiptNo"] as? String == receipt)
            #expect(parameters["Amount"] as? String == "500")
            #expect(parameters["OriginatorConversationID"] as? String == payment.originator)
            #expect(parameters["ConversationID"] as? String == paid.conversationID)
            #expect(parameters["DebitPartyName"] as? String == "600997 - Miliano Hub")
            #expect(parameters["CreditPartyName"] as? String == "254708374149 - JOSEPH OCHIENG")
            #expect((parameters["InitiatedTime"] as? String)?.count == 14)
            #expect(parameters.keys.contains("FinalisedTime"))
            let reference = (result["ReferenceData"] as? [String: Any])?["ReferenceItem"] as? [String: Any]
            #expect(reference?["Key"] as? String == "Occasion")
            #expect(reference?["Value"] as? String == "Check")
            let conversation = try #require(ack["ConversationID"])
            let query = try #require(await harness.simulator.statusQuery(conversationID: conversation))
            #expect(query.notifications.map(\.resultCode) == [0])
        }
    }

    @Test("by OriginalConversationID when no receipt is known (keys spelt with spaces): a queue-timeout payment shows Completed")
    func byOriginatorAfterQueueTimeout() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            let payment = MPesaB2CCall(partyB: "254700019001")
            _ = try await client.b2c(payment, token: token)
            _ = await harness.recorder.waitFor(1)
            let ids = #""Transaction ID":"","OriginalConversationID":"\#(payment.originator)""#
            #expect(try await Self.status(client, ids, token: token, commandKey: "Command ID").status == .ok)
            let (_, parameters, _) = try await Self.result(harness, count: 2)
            #expect(parameters["TransactionStatus"] as? String == "Completed")
            #expect(parameters["OriginatorConversationID"] as? String == payment.originator)
            #expect(parameters["ReceiptNo"] as? String == (await harness.simulator.payments().first?.receipt))
        }
    }

    @Test("a failed payment is found by its TransactionID and shows Failed")
    func failedPayment() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            _ = try await client.b2c(MPesaB2CCall(partyB: "254700012040"), token: token)
            _ = await harness.recorder.waitFor(1)
            let id = try #require(await harness.simulator.payments().first?.transactionID)
            _ = try await Self.status(client, #""TransactionID":"\#(id)""#, token: token)
            let (_, parameters, _) = try await Self.result(harness, count: 2)
            #expect(parameters["TransactionStatus"] as? String == "Failed")
        }
    }

    @Test("an STK push is found by its receipt: debit the customer, credit the shortcode")
    func stkReceipt() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            _ = try await client.stkPush(MPesaSTKCall(), token: token)
            _ = await harness.recorder.waitFor(1)
            let receipt = try #require(await harness.simulator.pushes().first?.receipt)
            _ = try await Self.status(client, #""TransactionID":"\#(receipt)""#, token: token)
            let (_, parameters, _) = try await Self.result(harness, count: 2)
            #expect(parameters["DebitPartyName"] as? String == "254708374149 - JOSEPH OCHIENG")
            #expect(parameters["CreditPartyName"] as? String == "174379 - Miliano Hub")
            #expect(parameters["Amount"] as? String == "150")
        }
    }

    @Test("nothing found is ResultCode 2033, a wrong initiator 2001, both without parameters", arguments: [
        ("testapi", #""TransactionID":"NOSUCHID00""#, 2033), ("someone", #""TransactionID":"NOSUCHID00""#, 2001),
        ("testapi", #""OriginalConversationID":"no-such-originator""#, 2033),
    ])
    func notFound(_ initiator: String, _ ids: String, _ code: Int) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            #expect(try await Self.status(client, ids, token: token, initiator: initiator).status == .ok)
            let (result, _, text) = try await Self.result(harness, count: 1)
            #expect(text.contains(#""ResultCode":\#(code),"#))
            #expect(result["ResultParameters"] == nil)
        }
    }

    @Test("refusals: no id at all, another CommandID, an IdentifierType outside 1, 2, 4")
    func refusals() async throws {
        try await MPesaTestHarness().withClient { client in
            let token = try await client.token()
            let credential = client.credential()
            let none = try await client.post("/mpesa/transactionstatus/v1/query", token: token,
                                             body: Self.body(#""Remarks":"x""#, credential: credential))
            #expect(none.errorMessage == "Bad Request - Invalid TransactionID")
            let command = Self.body(#""TransactionID":"ABC""#, credential: credential)
                .replacingOccurrences(of: "TransactionStatusQuery", with: "AccountBalance")
            #expect(try await client.post("/mpesa/transactionstatus/v1/query", token: token, body: command).errorMessage
                == "Bad Request - Invalid CommandID")
            let identifier = Self.body(#""TransactionID":"ABC""#, credential: credential)
                .replacingOccurrences(of: #""IdentifierType":"4""#, with: #""IdentifierType":"3""#)
            #expect(try await client.post("/mpesa/transactionstatus/v1/query", token: token, body: identifier).errorMessage
                == "Bad Request - Invalid IdentifierType")
        }
    }
}
