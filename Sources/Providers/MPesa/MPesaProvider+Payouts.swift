import Foundation
import Hub

/// Withdrawals by B2C v3 (`POST /mpesa/b2c/v3/paymentrequest`) with our reference as `OriginatorConversationID`,
/// which Daraja refuses to see twice ("Duplicate OriginatorConversationID"): a resend is harmless. The
/// acknowledgement's `ConversationID` is the pending provider transaction id; the result posted to the ResultURL names
/// it, which is how the hub believes an unsigned result (`ProviderNotification.correlation`).
///
/// Status is Daraja's Transaction Status query, answered asynchronously at the hub's callback URL: `status` returns
/// pending once Daraja acknowledges it, and the result arrives as a notification naming the queried ConversationID.
extension MPesaProvider {
    public func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let phone = try kenyanNumber(request.payee, operation: "b2c")
        let amount = try wholeUnits(request.amount, operation: "b2c")
        guard let callbackURL = request.callbackURL else {
            throw ProviderError(.notSent, provider: id, reason: "b2c: Daraja needs a ResultURL and the hub has no public address")
        }
        let body = MPesaB2CRequest(
            originatorConversationID: request.reference, initiatorName: configuration.initiatorName,
            securityCredential: configuration.securityCredential, commandID: configuration.b2cCommand.rawValue, amount: amount,
            partyA: configuration.b2cShortcode, partyB: phone, remarks: Self.remarks(request.description), queueTimeOutURL: callbackURL,
            resultURL: callbackURL, occasion: request.reference)
        let response = try await authorizedSend(path: "/mpesa/b2c/v3/paymentrequest", body: body, operation: "b2c", context: context)
        if Self.isDuplicateOriginator(try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body)) {
            // An earlier request under this reference arrived; its result (or a status query) tells the rest.
            return .pending(providerTransactionID: nil)
        }
        guard (200..<300).contains(response.status) else { return try refusal(response, operation: "b2c") }
        guard let answer = try? JSONDecoder().decode(MPesaAcknowledgement.self, from: response.body),
              let code = answer.responseCode?.text else {
            throw ProviderError(.ambiguous, provider: id, reason: "b2c: unreadable answer")
        }
        guard code == "0" else {
            return MPesaB2CResultCode(rawValue: code)?.result(conversationID: nil)
                ?? .failed(PaymentFailure(reason: .providerError, providerCode: String(code.prefix(32)),
                                          message: "M-Pesa did not accept the payout"))
        }
        guard let conversationID = answer.conversationID, !conversationID.isEmpty else {
            throw ProviderError(.ambiguous, provider: id, reason: "b2c: accepted without a ConversationID")
        }
        return .pending(providerTransactionID: conversationID)
    }

    /// Sends a Transaction Status query for the withdrawal and returns pending once Daraja acknowledges it. Without
    /// a callback URL its result could not arrive: nothing is sent, and the payment waits. Without a stored
    /// ConversationID (the acknowledgement was lost to a crash or a timeout, or a resend met "Duplicate
    /// OriginatorConversationID") no result could be believed and the first one went unheard: the withdrawal goes to
    /// an operator at once, with that cause, rather than as "still pending" when the review window ends.
    func payoutStatus(_ attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let conversationID = attempt.providerTransactionID, !conversationID.isEmpty else {
            throw ProviderError.needsReview(provider: id, reason: "transaction status: no ConversationID was stored (the B2C "
                                            + "acknowledgement was lost); no result naming it can be believed")
        }
        guard let resultURL = attempt.callbackURL else { return .pending(providerTransactionID: conversationID) }
        let body = MPesaTransactionStatusRequest(
            initiator: configuration.initiatorName, securityCredential: configuration.securityCredential, transactionID: nil,
            originalConversationID: attempt.reference, partyA: configuration.b2cShortcode, resultURL: resultURL, queueTimeOutURL: resultURL,
            remarks: "Status of a withdrawal", occasion: attempt.reference)
        let response = try await authorizedSend(path: "/mpesa/transactionstatus/v1/query", body: body, operation: "transaction status",
                                                context: context)
        let answer = try? JSONDecoder().decode(MPesaAcknowledgement.self, from: response.body)
        guard (200..<300).contains(response.status), answer?.responseCode?.text == "0" else {
            let code = (try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body))?.errorCode ?? answer?.responseCode?.text ?? ""
            throw ProviderError(.ambiguous, provider: id, reason: "transaction status: HTTP \(response.status) \(code.prefix(32))")
        }
        return .pending(providerTransactionID: conversationID)
    }

    /// Daraja's refusal of an OriginatorConversationID it has seen (`500.002.1001`).
    static func isDuplicateOriginator(_ error: MPesaErrorBody?) -> Bool {
        error?.errorCode == "500.002.1001" || error?.errorMessage?.lowercased().contains("duplicate originatorconversationid") == true
    }

    /// `Remarks`: 2 to 100 characters.
    static func remarks(_ description: String) -> String {
        description.count >= 2 ? String(description.prefix(100)) : "Withdrawal"
    }
}
