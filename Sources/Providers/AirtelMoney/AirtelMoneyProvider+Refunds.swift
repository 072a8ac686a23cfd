import Foundation
import Hub

/// Full refunds of collections: `POST /standard/v1/payments/refund` (v2: `/standard/v2/payments/refund`, signed) with
/// `{"transaction":{"airtel_money_id"}}`, the collection's id at Airtel. Airtel answers at once with the refund's own
/// `airtel_money_id` and `status` `SUCCESS`.
///
/// The request carries no id of ours, and Airtel documents no refund enquiry: a refund whose answer was lost cannot be
/// asked about, and sending it again could refund twice. So refunds are not idempotent, and a refund left pending
/// goes to an operator.
extension AirtelMoneyProvider: RefundingProvider {
    public var refundsAreIdempotent: Bool { false }

    public func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let collectionID = try await airtelMoneyID(of: request, context: context)
        let body = AirtelMoneyJSON { json in
            json.object("transaction") { $0.string("airtel_money_id", collectionID) }
        }
        let path = configuration.apiVersion == .v2 ? "/standard/v2/payments/refund" : "/standard/v1/payments/refund"
        let response = try await authorizedSend("POST", path, body: body.data, operation: "refund", context: context)
        return try refundAnswer(response)
    }

    /// Airtel documents no way to ask about a refund: the outcome of one whose answer was lost is for an operator to
    /// read in Airtel's portal.
    public func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        throw ProviderError.needsReview(provider: id,
                                        reason: "refund status: Airtel documents no refund enquiry; check the refund in the Airtel portal")
    }

    /// The collection's `airtel_money_id`: the one its success recorded, else the one its enquiry gives now. Without
    /// it nothing is sent.
    func airtelMoneyID(of request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> String {
        if let known = request.originalProviderTransactionID, !known.isEmpty { return known }
        let result: ProviderResult?
        do { result = try await lookup(.topUp, reference: request.originalReference, context: context) } catch {
            throw ProviderError(.notSent, provider: id, reason: "refund: the collection's airtel_money_id is unknown (\(error.reason))")
        }
        guard case .succeeded(let found?) = result else {
            throw ProviderError(.notSent, provider: id, reason: "refund: the collection's airtel_money_id is unknown")
        }
        return found
    }

    /// `data.transaction.status` decides (`SUCCESS`, or a transaction status); the response code only when there is
    /// none. A 4xx refusal (a second refund of the same collection) is a definite failure.
    func refundAnswer(_ response: HTTPResponse) throws(ProviderError) -> ProviderResult {
        try requireAnswer(response, operation: "refund")
        let envelope = envelope(response)
        let transaction = envelope?.data?.transaction
        let refundID = transaction?.airtelMoneyID?.value
        let code = envelope?.responseCode.flatMap(AirtelMoneyCollectionCode.init(rawValue:))
        if code?.outcome == .notProcessed {
            throw ProviderError(.notSent, provider: id, reason: "refund: refused before processing (\(code?.rawValue ?? ""))")
        }
        if let status = AirtelMoneyTransactionStatus(transaction?.status) {
            return status.result(airtelMoneyID: refundID, reason: failureReason(code: envelope?.responseCode, status: status))
        }
        if let code {
            switch code.outcome {
            case .succeeded: return .succeeded(providerTransactionID: refundID)
            case .inProgress, .unknown: return .pending(providerTransactionID: refundID)
            case .failed: return .failed(failure(of: code))
            case .notFound:
                return .failed(PaymentFailure(reason: .invalidRequest, providerCode: code.rawValue,
                                              message: "the provider does not know the collection"))
            case .duplicate, .similarExists, .notProcessed:
                throw ProviderError(.ambiguous, provider: id, reason: "refund: answered \(code.rawValue)")
            }
        }
        guard (200..<300).contains(response.status) else { return try refusal(response, envelope: envelope, operation: "refund") }
        throw ProviderError(.ambiguous, provider: id, reason: "refund: unreadable answer (HTTP \(response.status))")
    }
}
