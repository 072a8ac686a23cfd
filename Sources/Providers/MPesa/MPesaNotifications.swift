import Foundation
import Hub

/// Reads what Daraja posts to the hub's callback URL, told apart by shape. Daraja signs nothing (`isSigned` is
/// false), so each is a hint the hub confirms with a status query, unless it is corroborated:
///
/// - STK callback (`{"Body":{"stkCallback":…}}`): reference = CheckoutRequestID, no correlation (the
///   CheckoutRequestID is also what the customer's phone session saw). Always a hint.
/// - B2C result (`{"Result":…}` without a Transaction Status parameter): reference = OriginatorConversationID (our
///   reference), correlation = ConversationID, which only Daraja's acknowledgement gave the hub.
/// - Transaction Status result (`{"Result":…}` with `TransactionStatus`, `ReceiptNo` or the queried transaction's
///   conversation ids among its parameters, or an `Occasion` that is not its own OriginatorConversationID):
///   reference = the queried transaction's Originator Conversation ID (or the `Occasion` we sent), correlation = its
///   Conversation ID. One that does not name the transaction and its ConversationID, or whose query failed, is
///   ignored under the query's own id: it matches no payment, so it can never make the hub query again (and receive
///   another such result).
/// - Queue timeout (a `Result` with no `ResultCode`, `ResultType` 1 or a `ResultDesc` about a timeout, or a flat
///   body naming an OriginatorConversationID; Daraja documents no body): pending, uncorroborated, so the hub asks
///   Transaction Status how the payout stands. Never a failure.
struct MPesaNotifications: NotificationHandler {
    var isSigned: Bool { false }

    /// Parameter or reference keys only a Transaction Status result carries.
    static let statusKeys = ["TransactionStatus", "ReceiptNo", "Conversation ID", "ConversationID", "Originator Conversation ID",
                             "OriginatorConversationID"]

    func parse(_ notification: IncomingNotification) throws(NotificationError) -> ProviderNotification {
        let decoder = JSONDecoder()
        if let body = try? decoder.decode(MPesaSTKCallbackBody.self, from: notification.body) {
            return try stk(body.body.stkCallback)
        }
        if let body = try? decoder.decode(MPesaResultBody.self, from: notification.body) {
            let result = body.result
            if Self.isTransactionStatus(result) { return transactionStatus(result) }
            if Self.isQueueTimeout(result) { return try queueTimeout(result.originatorConversationID ?? result.conversationID) }
            return try payout(result)
        }
        if let notice = try? decoder.decode(MPesaFlatNotice.self, from: notification.body),
           notice.originatorConversationID != nil || notice.conversationID != nil {
            return try queueTimeout(notice.originatorConversationID ?? notice.conversationID)
        }
        throw NotificationError(.malformed, "not an STK callback, a B2C or Transaction Status result, or a queue timeout")
    }

    func stk(_ callback: MPesaSTKCallback) throws(NotificationError) -> ProviderNotification {
        let id = callback.checkoutRequestID
        guard !id.isEmpty else { throw NotificationError(.malformed, "STK callback without a CheckoutRequestID") }
        let code = callback.resultCode.text
        let result = MPesaSTKResultCode.result(code, checkoutRequestID: id) ?? .pending(providerTransactionID: id)
        return ProviderNotification(dedupeKey: "stk:\(id):\(code.prefix(32))", reference: id, event: .outcome(result))
    }

    func payout(_ result: MPesaResult) throws(NotificationError) -> ProviderNotification {
        guard let conversationID = result.conversationID, !conversationID.isEmpty, let code = result.resultCode?.text else {
            throw NotificationError(.malformed, "B2C result without a ConversationID or a ResultCode")
        }
        let reference = result.originatorConversationID.flatMap { $0.isEmpty ? nil : $0 } ?? conversationID
        let outcome = MPesaB2CResultCode(rawValue: code)?.result(conversationID: conversationID)
            ?? .pending(providerTransactionID: conversationID)
        return ProviderNotification(dedupeKey: "b2c:\(conversationID):\(code.prefix(32))", reference: reference, event: .outcome(outcome),
                                    correlation: conversationID)
    }

    func transactionStatus(_ result: MPesaResult) -> ProviderNotification {
        let queryID = result.conversationID ?? result.originatorConversationID ?? "-"
        let status = result.parameter("TransactionStatus")
        let dedupeKey = "status:\(queryID.prefix(64)):\(status?.prefix(32) ?? "-")"
        let correlation = result.parameter("Conversation ID", "ConversationID") ?? result.referenceItem("Conversation ID", "ConversationID")
        let reference = result.parameter("Originator Conversation ID", "OriginatorConversationID")
            ?? result.referenceItem("Originator Conversation ID", "OriginatorConversationID", "Occasion", "Occassion")
        guard result.resultCode?.text == "0", let correlation, let reference else {
            let why = result.resultCode?.text == "0" ? "names no transaction" : "query failed \(result.resultCode?.text.prefix(32) ?? "-")"
            return ProviderNotification(dedupeKey: dedupeKey, reference: "status-query:\(queryID.prefix(64))",
                                        event: .ignored("transaction status: \(why)"))
        }
        let outcome = status.flatMap { MPesaTransactionStatus(matching: $0) }?.result(conversationID: correlation)
            ?? .pending(providerTransactionID: correlation)
        return ProviderNotification(dedupeKey: dedupeKey, reference: reference, event: .outcome(outcome), correlation: correlation)
    }

    func queueTimeout(_ reference: String?) throws(NotificationError) -> ProviderNotification {
        guard let reference, !reference.isEmpty else { throw NotificationError(.malformed, "queue timeout naming no request") }
        return ProviderNotification(dedupeKey: "timeout:\(reference.prefix(64))", reference: reference,
                                    event: .outcome(.pending(providerTransactionID: nil)))
    }

    /// A Transaction Status result: one of its parameters only such a result carries, or (a failed query, which has
    /// no parameters) the `Occasion` we sent naming something other than the result's own OriginatorConversationID.
    /// A B2C result's OriginatorConversationID is our reference, the same text as the `Occassion` of its request.
    static func isTransactionStatus(_ result: MPesaResult) -> Bool {
        if statusKeys.contains(where: result.names) { return true }
        guard let occasion = result.referenceItem("Occasion", "Occassion") else { return false }
        return occasion != result.originatorConversationID
    }

    /// A `Result` that is no processing result: no `ResultCode`, `ResultType` 1 ("waiting for further messages"), or
    /// a description of a timeout.
    static func isQueueTimeout(_ result: MPesaResult) -> Bool {
        guard result.resultCode != nil, result.resultType?.text != "1" else { return true }
        let words = result.resultDesc?.lowercased() ?? ""
        return ["timeout", "timed out", "time out"].contains { words.contains($0) }
    }
}
