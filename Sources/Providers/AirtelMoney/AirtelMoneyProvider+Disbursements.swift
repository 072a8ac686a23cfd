import Foundation
import Hub

/// Withdrawals as B2C disbursements (PROVIDERS.md §8.2):
/// - v1 `POST /standard/v1/disbursements/` with `{"payee":{"msisdn","wallet_type":"NORMAL"},"reference","pin",
///   "transaction":{"amount","id","type":"B2C"}}`;
/// - v2 `POST /standard/v2/disbursements/`, signed, with `{"payee":{"msisdn","currency"},"reference","pin",
///   "transaction":{"amount","id","type":"B2C"}}`.
///
/// `pin` is the disbursement PIN encrypted to Airtel's key, fresh for every request. Airtel answers synchronously
/// (`TS` with `DP00900001001`) or leaves the outcome to the enquiry.
extension AirtelMoneyProvider {
    public func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let msisdn = try nationalNumber(of: request.payee, amount: request.amount, operation: "disbursement")
        guard !configuration.pin.isEmpty else { throw ProviderError(.notSent, provider: id, reason: "disbursement: no pin is configured") }
        let encryption = try encryption(operation: "disbursement")
        let pin: String
        do { pin = try encryption.encryptedPIN(configuration.pin) } catch {
            throw ProviderError(.notSent, provider: id, reason: "disbursement: cannot encrypt the PIN (\(error))")
        }
        let version = configuration.apiVersion
        let body = AirtelMoneyJSON { json in
            json.object("payee") { payee in
                payee.string("msisdn", msisdn)
                if version == .v1 { payee.string("wallet_type", "NORMAL") } else { payee.string("currency", configuration.currency.code) }
            }
            json.string("reference", Self.disbursementReference(request.reference))
            json.string("pin", pin)
            json.object("transaction") { transaction in
                transaction.number("amount", request.amount.compactDecimalString)
                transaction.string("id", request.reference)
                transaction.string("type", "B2C")
            }
        }
        let path = version == .v2 ? "/standard/v2/disbursements/" : "/standard/v1/disbursements/"
        let response = try await authorizedSend("POST", path, body: body.data, operation: "disbursement", context: context)
        let result = try await disbursementAnswer(response, request: request, context: context)
        return try await confirmingRefusal(result, of: .withdrawal, reference: request.reference, isResend: request.isResend,
                                           context: context)
    }

    /// The answer to a disbursement. A duplicate id (`DP00900001017`) means the first request arrived: its enquiry
    /// answers, never a failure. "Similar transaction exists" (`DP00900001011`) refuses a first request, and is asked
    /// about like a duplicate when the request is a resend.
    func disbursementAnswer(_ response: HTTPResponse, request: PayoutRequest,
                            context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        try requireAnswer(response, operation: "disbursement")
        let envelope = envelope(response)
        let code = envelope?.responseCode.flatMap(AirtelMoneyDisbursementCode.init(rawValue:))
        let firstArrived = code?.outcome == .duplicate || (code?.outcome == .similarExists && request.isResend)
            || envelope?.status?.resultCode == Self.duplicateResultCode
        if firstArrived {
            return try await status(of: AttemptLookup(kind: .withdrawal, reference: request.reference, providerTransactionID: nil,
                                                      createdAt: context.now()), context: context)
        }
        if let code, code.outcome == .notProcessed {
            throw ProviderError(.notSent, provider: id, reason: "disbursement: refused before processing (\(code.rawValue))")
        }
        let transaction = envelope?.data?.transaction
        let providerID = transaction?.airtelMoneyID?.value ?? transaction?.referenceID?.value
        if let status = AirtelMoneyTransactionStatus(transaction?.status) {
            return status.result(airtelMoneyID: providerID, reason: failureReason(code: envelope?.responseCode, status: status))
        }
        if let code {
            switch code.outcome {
            case .succeeded: return .succeeded(providerTransactionID: providerID)
            case .inProgress, .unknown: return .pending(providerTransactionID: providerID)
            case .failed, .similarExists: return .failed(failure(of: code))
            case .notFound, .duplicate, .notProcessed:
                throw ProviderError(.ambiguous, provider: id, reason: "disbursement: answered \(code.rawValue)")
            }
        }
        if (200..<300).contains(response.status) {
            guard envelope?.status?.success == true else {
                throw ProviderError(.ambiguous, provider: id, reason: "disbursement: unreadable answer (HTTP \(response.status))")
            }
            return .pending(providerTransactionID: providerID)
        }
        return try refusal(response, envelope: envelope, operation: "disbursement")
    }
}
