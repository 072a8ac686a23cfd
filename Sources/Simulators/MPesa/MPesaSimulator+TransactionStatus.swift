import Foundation
import HubKit
import Hummingbird

/// `POST /mpesa/transactionstatus/v1/query`: acknowledged like B2C, the status posted later to `ResultURL`.
extension MPesaSimulator {
    func addTransactionStatusRoute(to router: Router<BasicRequestContext>) {
        router.post("/mpesa/transactionstatus/v1/query") { request, _ in
            await MPesaHTTP.respond { try await self.transactionStatus(request) }
        }
    }

    /// The portal's sample spells two keys with a space (`Command ID`, `Transaction ID`); both spellings are read.
    /// `TransactionID` or `OriginalConversationID` must be given.
    private func transactionStatus(_ request: Request) async throws -> Response {
        try await authorize(request)
        let body = try await MPesaHTTP.body(of: request, firstField: "Initiator")
        let initiator = try body.required("Initiator")
        let securityCredential = try body.required("SecurityCredential")
        _ = try body.required("CommandID", anyOf: ["Command ID"]) { $0 == "TransactionStatusQuery" }
        let transactionID = body.text(anyOf: ["TransactionID", "Transaction ID"])
        let original = body.text("OriginalConversationID")
        guard transactionID != nil || original != nil else { throw MPesaHTTPFailure.invalid("TransactionID") }
        _ = try body.required("PartyA") { MPesaValidation.isShortcode($0) || MPesaValidation.isCustomerNumber($0) }
        _ = try body.required("IdentifierType") { ["1", "2", "4"].contains($0) }
        let resultURL = try body.required("ResultURL", MPesaValidation.isNotificationURL)
        _ = try body.required("QueueTimeOutURL", MPesaValidation.isNotificationURL)
        _ = try body.optional("Remarks", MPesaValidation.atMost(100))
        let occasion = try body.optional("Occasion", anyOf: ["Occassion"], MPesaValidation.atMost(100))

        let query = MPesaSimulatedStatusQuery(
            conversationID: MPesaIdentifiers.conversationID(), originatorConversationID: MPesaIdentifiers.originatorConversationID(),
            transactionID: transactionID, originalConversationID: original, resultURL: resultURL, occasion: occasion,
            authorised: credential.accepts(name: initiator, credential: securityCredential), createdAt: Date(), notifications: []
        )
        await ledger.record(query)
        let id = query.conversationID
        await notifier.schedule(
            [MPesaNotifier.Notice(at: .now + configuration.resultDelay, kind: .result, url: resultURL)],
            render: { [ledger, configuration] _ in
                guard let query = await ledger.query(id) else { return nil }
                let target = await ledger.statusTarget(
                    transactionID: query.transactionID, originalConversationID: query.originalConversationID
                )
                return MPesaStatusResult(query: query, target: target, configuration: configuration).rendered
            },
            record: { [ledger] notification in await ledger.append(notification, toQuery: id) }
        )
        return MPesaHTTP.json(.ok, MPesaWire.acknowledgement(conversationID: query.conversationID,
                                                             originatorConversationID: query.originatorConversationID))
    }
}

/// The `{"Result":…}` of a Transaction Status query, built when it is sent. A wrong initiator or credential is
/// ResultCode 2001 and nothing found is 2033, both without parameters. A found transaction gives ResultCode 0 and
/// the portal sample's keys, with the queried transaction's own `OriginatorConversationID` and `ConversationID`
/// among the parameters (where the sample has them) and the query's `Occasion` in `ReferenceData`.
struct MPesaStatusResult {
    let query: MPesaSimulatedStatusQuery
    let target: MPesaStatusTarget?
    let configuration: MPesaSimulatorConfiguration

    var rendered: (body: MPesaJSON, resultCode: Int) {
        let result: MPesaResultCode = !query.authorised ? .initiatorInvalid : target == nil ? .receiptNotFound : .success
        var fields = MPesaWire.resultHeader(
            result, originator: query.originatorConversationID, conversation: query.conversationID,
            transactionID: MPesaIdentifiers.receipt()
        )
        if result.isSuccess, let target {
            fields.append(("ResultParameters", .object([("ResultParameter", .array(parameters(of: target)))])))
        }
        fields.append(("ReferenceData", .object([("ReferenceItem", .keyValue("Occasion", query.occasion.map(MPesaJSON.string)))])))
        return (.object([("Result", .object(fields))]), result.code)
    }

    private func parameters(of target: MPesaStatusTarget) -> [MPesaJSON] {
        let organisation = configuration.organisationName
        switch target {
        case .stkPush(let push):
            return common(
                debit: push.phoneNumber + " - " + MPesaCustomerName.name(of: push.phoneNumber),
                credit: push.businessShortCode + " - " + organisation, originator: push.merchantRequestID,
                conversation: push.checkoutRequestID, debitAccount: "M-PESA Account", reason: "Pay Bill Online",
                status: push.status, amount: push.amount, receipt: push.receipt, initiated: push.createdAt, finalised: push.completedAt
            )
        case .b2c(let payment):
            return common(
                debit: payment.partyA + " - " + organisation, credit: payment.partyB + " - " + payment.receiverName,
                originator: payment.originatorConversationID, conversation: payment.conversationID, debitAccount: "Utility Account",
                reason: "Business Payment to Customer via API", status: payment.status, amount: payment.amount,
                receipt: payment.receipt ?? payment.transactionID, initiated: payment.createdAt, finalised: payment.completedAt
            )
        }
    }

    // One parameter per argument, in the portal sample's order: the list is the wire format itself.
    private func common(
        debit: String, credit: String, originator: String, conversation: String, debitAccount: String, reason: String,
        status: MPesaTransactionStatus, amount: Money, receipt: String?, initiated: Date, finalised: Date?
    ) -> [MPesaJSON] {
        [
            .keyValue("DebitPartyName", .string(debit)), .keyValue("CreditPartyName", .string(credit)),
            .keyValue("OriginatorConversationID", .string(originator)),
            .keyValue("InitiatedTime", .string(MPesaClock.compact(initiated))), .keyValue("DebitAccountType", .string(debitAccount)),
            .keyValue("DebitPartyCharges", nil), .keyValue("TransactionReason", nil), .keyValue("ReasonType", .string(reason)),
            .keyValue("TransactionStatus", .string(status.rawValue)),
            .keyValue("FinalisedTime", finalised.map { .string(MPesaClock.compact($0)) }),
            .keyValue("Amount", .string(MPesaAmount.wholeShillings(amount))), .keyValue("ConversationID", .string(conversation)),
            .keyValue("ReceiptNo", receipt.map(MPesaJSON.string)),
        ]
    }
}
