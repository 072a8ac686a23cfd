import Foundation
import Hub
import Testing
@testable import Providers

/// What Daraja posts to the hub, told apart by shape: STK callbacks (hints), B2C and Transaction Status results
/// (corroborated by the ConversationID), queue timeouts (never a failure).
@Suite struct MPesaNotificationTests {
    let handler = MPesaNotifications()

    func parse(_ body: Data) throws(NotificationError) -> ProviderNotification {
        try handler.parse(IncomingNotification(method: "POST", headers: [("Content-Type", "application/json")], body: body, receivedAt: Date()))
    }

    func parse(fixture: String, replacing replacements: [String: String] = [:]) throws -> ProviderNotification {
        try parse(try MPesaFixture.data(fixture, replacing: replacements))
    }

    @Test func nothingIsSigned() {
        #expect(!handler.isSigned)
        #expect(MPesaProvider(configuration: MPesaTestSupport.configuration("http://x")).notifications?.isSigned == false)
    }

    // MARK: STK callbacks

    @Test func aSuccessfulSTKCallbackIsAHintNamingTheCheckoutRequestID() throws {
        let notification = try parse(fixture: "stkcallback_successful.json")
        #expect(notification.reference == "ws_CO_27072017154747416")
        #expect(notification.event == .outcome(.succeeded(providerTransactionID: "ws_CO_27072017154747416")))
        #expect(notification.correlation == nil, "a CheckoutRequestID corroborates nothing: the hub asks the STK query")
        #expect(notification.dedupeKey == "stk:ws_CO_27072017154747416:0")
    }

    @Test(arguments: ["1032", "\"1032\""])
    func theResultCodeIsReadAsANumberOrAString(code: String) throws {
        let notification = try parse(fixture: "stkcallback_cancelled.json", replacing: ["\"ResultCode\": 1032": "\"ResultCode\": \(code)"])
        #expect(notification.event == .outcome(.failed(PaymentFailure(reason: .cancelled, providerCode: "1032",
                                                                      message: "the payer cancelled the prompt"))))
        #expect(notification.reference == "ws_CO_21072024125243250722943992")
    }

    @Test func anUnknownSTKCodeStaysPending() throws {
        let notification = try parse(fixture: "stkcallback_cancelled.json", replacing: ["\"ResultCode\": 1032": "\"ResultCode\": 4242"])
        #expect(notification.event == .outcome(.pending(providerTransactionID: "ws_CO_21072024125243250722943992")))
    }

    @Test func callbackItemsAreReadByNameWhateverTheirOrderAndWithoutValue() throws {
        let fixture = try MPesaFixture.data("stkcallback_successful.json")
        let original = try JSONDecoder().decode(MPesaSTKCallbackBody.self, from: fixture).body.stkCallback
        #expect(original.item("MpesaReceiptNumber")?.value?.text == "LGR7OWQX0R")
        #expect(original.item("Amount")?.value?.text == "1")
        #expect(original.item("PhoneNumber")?.value?.text == "254721566839")
        #expect(original.item("TransactionDate")?.value?.text == "20170727154800")
        let balance = try #require(original.item("Balance"), "the item is there")
        #expect(balance.value == nil, "with no Value")
        #expect(original.item("Unknown") == nil)
        let reordered = #"{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_9","ResultCode":"0","CallbackMetadata":{"Item":["#
            + #"{"Name":"PhoneNumber","Value":254708374149},{"Name":"Amount","Value":1.00},"#
            + #"{"Name":"MpesaReceiptNumber","Value":"NLJ7RT61SV"}]}}}}"#
        let callback = try JSONDecoder().decode(MPesaSTKCallbackBody.self, from: Data(reordered.utf8)).body.stkCallback
        #expect(callback.item("MpesaReceiptNumber")?.value?.text == "NLJ7RT61SV")
        #expect(callback.item("Amount")?.value?.text == "1")
        #expect(callback.item("Balance") == nil)
    }

    // MARK: B2C results

    @Test func aB2CResultNamesOurReferenceAndIsCorroboratedByTheConversationID() throws {
        let notification = try parse(fixture: "b2cresult_successful.json")
        #expect(notification.reference == "53e3-4aa8-9fe0-8fb5e4092cdd3533373")
        #expect(notification.correlation == "AG_20240706_2010364430d9bbdaf872")
        #expect(notification.event == .outcome(.succeeded(providerTransactionID: "AG_20240706_2010364430d9bbdaf872")))
        #expect(notification.dedupeKey == "b2c:AG_20240706_2010364430d9bbdaf872:0")
        let result = try JSONDecoder().decode(MPesaResultBody.self, from: try MPesaFixture.data("b2cresult_successful.json")).result
        #expect(result.parameter("TransactionReceipt") == "SG632NMUAB")
        #expect(result.parameter("TransactionAmount") == "10")
        #expect(result.parameter("B2CChargesPaidAccountAvailableFunds") == "-1980", "a decimal, never through floating point")
        #expect(result.referenceItem("QueueTimeoutURL")?.hasPrefix("https://internalsandbox") == true)
    }

    @Test func aFailedB2CResultKeepsItsCode() throws {
        let notification = try parse(fixture: "b2cresult_initiator-invalid.json")
        #expect(notification.event == .outcome(.failed(PaymentFailure(reason: .providerError, providerCode: "2001",
                                                                      message: "M-Pesa refused the payout initiator's credentials"))))
        #expect(notification.correlation == "AG_20240707_201062f6f6f5804f7a33")
        #expect(notification.reference == "53e3-4aa8-9fe0-8fb5e4092cdd3544366")
    }

    @Test func anUnknownB2CCodeStaysPendingNeverFailed() throws {
        let notification = try parse(fixture: "b2cresult_initiator-invalid.json", replacing: ["\"ResultCode\": 2001": "\"ResultCode\": \"17\""])
        #expect(notification.event == .outcome(.pending(providerTransactionID: "AG_20240707_201062f6f6f5804f7a33")))
    }

    @Test func aB2CResultEchoingItsOccasionIsStillAB2CResult() throws {
        let notification = try parse(fixture: "b2cresult_initiator-invalid.json", replacing: [
            #""Key": "QueueTimeoutURL""#: #""Key": "Occasion""#,
            "https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit": "53e3-4aa8-9fe0-8fb5e4092cdd3544366",
        ])
        #expect(notification.correlation == "AG_20240707_201062f6f6f5804f7a33")
        guard case .outcome(.failed(let failure)) = notification.event else { Issue.record("\(notification.event)"); return }
        #expect(failure.providerCode == "2001")
    }

    // MARK: Transaction Status results

    @Test(arguments: [("transactionstatusresult_completed.json", "3211-416020-3", "AG_20180223_000041b09c22e613d6c9"),
                      ("transactionstatusresult_completed-spaced-keys.json", "19455-773836-1", "AG_20170727_00004492b1b6d0078fbe")])
    func aTransactionStatusResultNamesTheQueriedTransaction(fixture: String, reference: String, conversationID: String) throws {
        let notification = try parse(fixture: fixture)
        #expect(notification.reference == reference, "the queried transaction's Originator Conversation ID, not the query's")
        #expect(notification.correlation == conversationID, "the queried transaction's Conversation ID, not the query's")
        #expect(notification.event == .outcome(.succeeded(providerTransactionID: conversationID)))
    }

    @Test func aStatusResultNamedOnlyByOccasionUsesIt() throws {
        let notification = try parse(fixture: "transactionstatusresult_completed-spaced-keys.json",
                                     replacing: ["\"Originator Conversation ID\"": "\"OriginatorName\""])
        #expect(notification.reference == "aaaa")
        #expect(notification.correlation == "AG_20170727_00004492b1b6d0078fbe")
    }

    @Test(arguments: ["Pending", "Failed", "Expired"])
    func anUndocumentedTransactionStatusStaysPending(status: String) throws {
        let notification = try parse(fixture: "transactionstatusresult_completed.json", replacing: ["\"Completed\"": "\"\(status)\""])
        #expect(notification.event == .outcome(.pending(providerTransactionID: "AG_20180223_000041b09c22e613d6c9")))
        #expect(notification.correlation == "AG_20180223_000041b09c22e613d6c9")
    }

    /// A status result that cannot be believed must never be a hint: the hint would send another query, whose result
    /// would be another hint. It is ignored under the query's own id, which names no payment.
    @Test(arguments: [
        ("transactionstatusresult_operator-unknown.json", [String: String]()),
        ("transactionstatusresult_completed.json", ["\"Key\": \"ConversationID\"": "\"Key\": \"Other\""]),
        ("transactionstatusresult_completed.json", ["\"Key\": \"OriginatorConversationID\"": "\"Key\": \"Other\""]),
    ])
    func aStatusResultThatCannotBeBelievedIsIgnoredUnderTheQuerysID(fixture: String, replacing: [String: String]) throws {
        let notification = try parse(fixture: fixture, replacing: replacing)
        guard case .ignored = notification.event else { Issue.record("expected ignored, got \(notification.event)"); return }
        #expect(notification.reference.hasPrefix("status-query:AG_"))
        #expect(notification.correlation == nil)
    }

    // MARK: queue timeouts and malformed bodies

    @Test(arguments: ["queuetimeout_result.json", "queuetimeout_flat.json"])
    func aQueueTimeoutIsPendingAndUncorroborated(fixture: String) throws {
        let notification = try parse(fixture: fixture)
        #expect(notification.event == .outcome(.pending(providerTransactionID: nil)), "never a failure")
        #expect(notification.reference == "53e3-4aa8-9fe0-8fb5e4092cdd3533373")
        #expect(notification.correlation == nil, "a hint: the hub asks Transaction Status how the payout stands")
    }

    @Test func aResultWaitingForFurtherMessagesIsNoOutcome() throws {
        let notification = try parse(fixture: "b2cresult_initiator-invalid.json", replacing: ["\"ResultType\": 0": "\"ResultType\": 1"])
        #expect(notification.event == .outcome(.pending(providerTransactionID: nil)))
    }

    @Test(arguments: ["", "not json", "[]", "{}", #"{"Body":{}}"#, #"{"Body":{"stkCallback":{"ResultCode":0}}}"#, #"{"Result":{}}"#,
                      #"{"Result":{"ResultCode":0,"OriginatorConversationID":"x"}}"#, #"{"ResultCode":0}"#])
    func anythingElseIsMalformed(body: String) {
        #expect(throws: NotificationError.self) { try parse(Data(body.utf8)) }
    }
}
