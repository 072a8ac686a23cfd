import Foundation
import Hub

/// How Airtel's answers are read. The order of evidence: a 5xx or a 408 says nothing whatever its body says (a
/// documented 500 carries `DP00800001005`); then a `DP…` response code the documentation lists; then the HTTP status.
extension AirtelMoneyProvider {
    /// The gateway's `result_code` for "External Transaction ID already exists".
    static let duplicateResultCode = "ESB000041"

    func envelope(_ response: HTTPResponse) -> AirtelMoneyEnvelope? {
        try? JSONDecoder().decode(AirtelMoneyEnvelope.self, from: response.body)
    }

    /// Throws `.ambiguous` for an answer that cannot settle anything: a server error or a gateway timeout.
    func requireAnswer(_ response: HTTPResponse, operation: String) throws(ProviderError) {
        if response.status >= 500 || response.status == 408 {
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): HTTP \(response.status)")
        }
    }

    /// The answer to `POST /merchant/v…/payments/`: the push was sent (pending), refused (failed), or refused before
    /// processing (not sent).
    func collectionAnswer(_ response: HTTPResponse, reference: String,
                          context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        try requireAnswer(response, operation: "collection")
        let envelope = envelope(response)
        if envelope?.status?.resultCode == Self.duplicateResultCode {
            return try await status(of: AttemptLookup(kind: .topUp, reference: reference, providerTransactionID: nil,
                                                      createdAt: context.now()), context: context)
        }
        if let code = envelope?.responseCode.flatMap(AirtelMoneyCollectionCode.init(rawValue:)) {
            switch code.outcome {
            case .succeeded, .inProgress, .unknown:
                return .pending(providerTransactionID: nil)
            case .failed:
                return .failed(failure(of: code))
            case .duplicate, .similarExists:
                return try await status(of: AttemptLookup(kind: .topUp, reference: reference, providerTransactionID: nil,
                                                          createdAt: context.now()), context: context)
            case .notFound:
                throw ProviderError(.ambiguous, provider: id, reason: "collection: answered \(code.rawValue)")
            case .notProcessed:
                throw ProviderError(.notSent, provider: id, reason: "collection: refused before processing (\(code.rawValue))")
            }
        }
        if (200..<300).contains(response.status) {
            guard envelope?.status?.success == true else {
                throw ProviderError(.ambiguous, provider: id, reason: "collection: unreadable answer (HTTP \(response.status))")
            }
            return .pending(providerTransactionID: nil)
        }
        return try refusal(response, envelope: envelope, operation: "collection")
    }

    /// The answer to an enquiry, or `nil` when Airtel has no transaction under the id. The transaction's status
    /// decides; the response code only when there is no status.
    func enquiryAnswer<Code: AirtelMoneyResponseCode>(_ response: HTTPResponse, codes: Code.Type,
                                                      operation: String) throws(ProviderError) -> ProviderResult? {
        try requireAnswer(response, operation: operation)
        let envelope = envelope(response)
        let transaction = envelope?.data?.transaction
        let providerID = transaction?.airtelMoneyID?.value ?? transaction?.referenceID?.value
        if let status = AirtelMoneyTransactionStatus(transaction?.status) {
            return status.result(airtelMoneyID: providerID, reason: failureReason(code: envelope?.responseCode, status: status))
        }
        let code = envelope?.responseCode.flatMap(Code.init(rawValue:))
        if code?.outcome == .notFound || response.status == 404 { return nil }
        guard response.status == 200, let code else {
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): unreadable answer (HTTP \(response.status))")
        }
        switch code.outcome {
        case .succeeded: return .succeeded(providerTransactionID: providerID)
        case .inProgress, .unknown: return .pending(providerTransactionID: providerID)
        case .failed: return .failed(failure(of: code))
        case .notFound: return nil
        case .duplicate, .similarExists, .notProcessed:
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): answered \(code.rawValue)")
        }
    }

    /// The failure a code of outcome `.failed` stands for, the code kept as the provider's code.
    func failure(of code: some AirtelMoneyResponseCode) -> PaymentFailure {
        code.failure ?? PaymentFailure(reason: .declined, providerCode: code.rawValue, message: code.message)
    }

    /// Why a transaction Airtel reports as `status` failed, read from the response code beside it: the code's own
    /// reading when the documentation gives one, the code as received when it is undocumented, and `nil` (the status
    /// itself, `TF` or `TE`, is then the code kept) when there is no code or it says nothing about a failure.
    func failureReason(code text: String?, status: AirtelMoneyTransactionStatus) -> PaymentFailure? {
        guard let text, !text.isEmpty else { return nil }
        if let code = AirtelMoneyCollectionCode(rawValue: text) { return code.failure }
        if let code = AirtelMoneyDisbursementCode(rawValue: text) { return code.failure }
        let expired = status == .expired
        return PaymentFailure(reason: expired ? .expired : .declined, providerCode: String(text.prefix(40)),
                              message: expired ? "the payer did not approve in time" : "the provider reported the payment failed")
    }

    /// A 4xx with no documented code: Airtel processed nothing it refused as invalid (400, 422); an unauthorised
    /// call (401 after a fresh token, 403), an unknown endpoint (404, 405) or a rate limit (429) was not processed
    /// either. Anything else may follow a request that moved money.
    func refusal(_ response: HTTPResponse, envelope: AirtelMoneyEnvelope?, operation: String) throws(ProviderError) -> ProviderResult {
        switch response.status {
        case 400, 422:
            let code = envelope?.responseCode ?? envelope?.status?.resultCode ?? "HTTP \(response.status)"
            return .failed(PaymentFailure(reason: .invalidRequest, providerCode: String(code.prefix(40)),
                                          message: "the provider refused the request as invalid"))
        case 401, 403, 404, 405, 429:
            throw ProviderError(.notSent, provider: id, reason: "\(operation): HTTP \(response.status)")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): HTTP \(response.status)")
        }
    }
}
