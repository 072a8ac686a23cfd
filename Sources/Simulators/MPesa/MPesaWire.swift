import Foundation
import HubKit

/// The bodies Daraja answers and posts, field for field and in the portal samples' order.
enum MPesaWire {
    static let stkAccepted = "Success. Request accepted for processing"
    static let requestAccepted = "Accept the service request successfully."
    /// The STK query's `ResponseDescription`, misspelt as Safaricom's own test expects it.
    static let queryAccepted = "The service request has been accepted successsfully"
    /// What the portal's B2C result samples carry in `ReferenceData`.
    static let sandboxQueueTimeoutURL = "https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit"

    static func stkAcknowledgement(_ push: MPesaSimulatedSTKPush) -> MPesaJSON {
        .object([
            ("MerchantRequestID", .string(push.merchantRequestID)), ("CheckoutRequestID", .string(push.checkoutRequestID)),
            ("ResponseCode", .string("0")), ("ResponseDescription", .string(stkAccepted)), ("CustomerMessage", .string(stkAccepted)),
        ])
    }

    /// `{"Body":{"stkCallback":…}}`: `ResultCode` a number; `CallbackMetadata` only on success, its items named
    /// (`Balance` without a `Value`, as Daraja sends it).
    static func stkCallback(_ push: MPesaSimulatedSTKPush) -> MPesaJSON {
        let result = push.result ?? .success
        var fields: [(String, MPesaJSON)] = [
            ("MerchantRequestID", .string(push.merchantRequestID)), ("CheckoutRequestID", .string(push.checkoutRequestID)),
            ("ResultCode", .integer(Int64(result.code))), ("ResultDesc", .string(result.description)),
        ]
        if push.status == .completed, let receipt = push.receipt {
            let items: [MPesaJSON] = [
                .object([("Name", .string("Amount")), ("Value", .shillings(push.amount))]),
                .object([("Name", .string("MpesaReceiptNumber")), ("Value", .string(receipt))]),
                .object([("Name", .string("Balance"))]),
                .object([("Name", .string("TransactionDate")), ("Value", .number(MPesaClock.compact(push.completedAt ?? push.createdAt)))]),
                .object([("Name", .string("PhoneNumber")), ("Value", .number(push.phoneNumber))]),
            ]
            fields.append(("CallbackMetadata", .object([("Item", .array(items))])))
        }
        return .object([("Body", .object([("stkCallback", .object(fields))]))])
    }

    /// The STK query of a push in its final state: `ResultCode` a string here.
    static func stkQueryAnswer(_ push: MPesaSimulatedSTKPush, result: MPesaResultCode) -> MPesaJSON {
        .object([
            ("ResponseCode", .string("0")), ("ResponseDescription", .string(queryAccepted)),
            ("MerchantRequestID", .string(push.merchantRequestID)), ("CheckoutRequestID", .string(push.checkoutRequestID)),
            ("ResultCode", .string(String(result.code))), ("ResultDesc", .string(result.description)),
        ])
    }

    /// The synchronous answer of B2C and Transaction Status.
    static func acknowledgement(conversationID: String, originatorConversationID: String) -> MPesaJSON {
        .object([
            ("ConversationID", .string(conversationID)), ("OriginatorConversationID", .string(originatorConversationID)),
            ("ResponseCode", .string("0")), ("ResponseDescription", .string(requestAccepted)),
        ])
    }

    /// `{"Result":…}` of a settled B2C payment: `ResultParameters` only on success.
    static func b2cResult(_ payment: MPesaSimulatedB2CPayment) -> MPesaJSON {
        let result = payment.result ?? .success
        var fields = resultHeader(result, originator: payment.originatorConversationID, conversation: payment.conversationID,
                                  transactionID: payment.transactionID ?? "")
        if payment.status == .completed, let receipt = payment.receipt {
            let float = payment.floatAfter ?? payment.amount
            let parameters: [MPesaJSON] = [
                .keyValue("TransactionAmount", .shillings(payment.amount)),
                .keyValue("TransactionReceipt", .string(receipt)),
                .keyValue("B2CRecipientIsRegisteredCustomer", .string("Y")),
                .keyValue("B2CChargesPaidAccountAvailableFunds", .number("0.00")),
                .keyValue("ReceiverPartyPublicName", .string(payment.partyB + " - " + payment.receiverName)),
                .keyValue("TransactionCompletedDateTime", .string(MPesaClock.dotted(payment.completedAt ?? payment.createdAt))),
                .keyValue("B2CUtilityAccountAvailableFunds", .decimal(float)),
                .keyValue("B2CWorkingAccountAvailableFunds", .number("0.00")),
            ]
            fields.append(("ResultParameters", .object([("ResultParameter", .array(parameters))])))
        }
        fields.append(("ReferenceData", .object([("ReferenceItem", .keyValue("QueueTimeoutURL", .string(sandboxQueueTimeoutURL)))])))
        return .object([("Result", .object(fields))])
    }

    /// The notice posted to `QueueTimeOutURL`. Daraja documents no body for it (it cannot be triggered in the
    /// sandbox); this shape is the simulator's choice: the `Result` envelope with `ResultType` 1 ("waiting for
    /// further messages"), ResultCode 1 and no `TransactionID`, so that only a client that ignores it, or asks
    /// Transaction Status, learns the real outcome.
    static func queueTimeout(_ payment: MPesaSimulatedB2CPayment) -> MPesaJSON {
        .object([("Result", .object([
            ("ResultType", .integer(1)), ("ResultCode", .integer(1)),
            ("ResultDesc", .string("The request timed out while waiting in the queue; its outcome is not known yet.")),
            ("OriginatorConversationID", .string(payment.originatorConversationID)),
            ("ConversationID", .string(payment.conversationID)), ("TransactionID", .string("")),
            ("ReferenceData", .object([("ReferenceItem", .keyValue("QueueTimeoutURL", .string(payment.queueTimeOutURL)))])),
        ]))])
    }

    static func resultHeader(
        _ result: MPesaResultCode, originator: String, conversation: String, transactionID: String
    ) -> [(String, MPesaJSON)] {
        [
            ("ResultType", .integer(0)), ("ResultCode", .integer(Int64(result.code))), ("ResultDesc", .string(result.description)),
            ("OriginatorConversationID", .string(originator)), ("ConversationID", .string(conversation)),
            ("TransactionID", .string(transactionID)),
        ]
    }
}

/// The registered names the simulator gives customers, derived from their number: the second-to-last digit picks
/// the first name, the last the surname (`254708374149` is JOSEPH OCHIENG).
enum MPesaCustomerName {
    static let firstNames = ["JOHN", "MARY", "PETER", "GRACE", "JOSEPH", "FAITH", "DAVID", "MERCY", "JAMES", "ANN"]
    static let surnames = ["KAMAU", "WANJIKU", "OTIENO", "ACHIENG", "MUTUA", "NJERI", "KIPROTICH", "WAMBUI", "CHEBET", "OCHIENG"]

    static func name(of msisdn: String) -> String {
        let digits = msisdn.compactMap(\.wholeNumberValue)
        let first = digits.count >= 2 ? digits[digits.count - 2] : 0
        let last = digits.last ?? 0
        return firstNames[first] + " " + surnames[last]
    }
}
