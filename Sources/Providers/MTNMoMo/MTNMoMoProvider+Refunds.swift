import Foundation
import Hub

/// Refunds of collections through Disbursements (PROVIDERS.md §1, MTN-Group/MoMoAPIs_Php_sdk): `POST
/// /disbursement/v1_0/refund` with the refund's own `X-Reference-Id` (a UUIDv4) and
/// `{"amount","currency","externalId","payerMessage","payeeNote","referenceIdToRefund"}`, answered 202 with an empty
/// body; the outcome by `GET /disbursement/v1_0/refund/{X-Reference-Id}`, shaped like a transfer's status.
extension MTNMoMoProvider: RefundingProvider {
    public func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let body = MoMoRefundRequest(amount: request.amount.compactDecimalString, currency: request.amount.currency.code,
                                     externalId: request.reference, payerMessage: "Miliano refund", payeeNote: "Miliano refund",
                                     referenceIdToRefund: request.originalReference)
        let encoded: Data
        do { encoded = try JSONEncoder().encode(body) } catch { throw ProviderError(.notSent, provider: id, reason: "cannot encode refund") }
        let response = try await authorizedSend(product: .disbursement, method: "POST", path: "/disbursement/v1_0/refund",
                                                headers: [("X-Reference-Id", request.reference), ("Content-Type", "application/json")],
                                                body: encoded, context: context)
        switch response.status {
        case 202:
            return .pending(providerTransactionID: nil)
        case 409:
            // The refund's reference is already there: an earlier request got through. Its status tells the rest.
            return try await refundStatus(of: RefundLookup(paymentID: request.paymentID, reference: request.reference, providerRefundID: nil,
                                                           originalReference: request.originalReference,
                                                           originalProviderTransactionID: request.originalProviderTransactionID),
                                          context: context)
        case 400:
            let error = try? JSONDecoder().decode(MoMoErrorBody.self, from: response.body)
            return .failed(PaymentFailure(reason: .invalidRequest, providerCode: error?.code ?? "BAD_REQUEST",
                                          message: "the provider refused the refund as invalid"))
        case 401, 403:
            throw ProviderError(.notSent, provider: id, reason: "refund: not authorised (HTTP \(response.status))")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "refund: HTTP \(response.status)")
        }
    }

    public func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let response = try await authorizedSend(product: .disbursement, method: "GET", path: "/disbursement/v1_0/refund/" + refund.reference,
                                                headers: [], body: nil, context: context)
        switch response.status {
        case 200:
            guard let body = try? JSONDecoder().decode(MoMoTransactionStatus.self, from: response.body), let result = body.result() else {
                throw ProviderError(.ambiguous, provider: id, reason: "refund status: unreadable answer")
            }
            return result
        case 404:
            // Not visible yet, or never arrived: only the hub's re-send under the same reference can tell.
            throw ProviderError(.ambiguous, provider: id, reason: "refund status: reference not found")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "refund status: HTTP \(response.status)")
        }
    }
}

struct MoMoRefundRequest: Encodable {
    /// Major units as a decimal string, like every MoMo amount.
    var amount: String
    var currency: String
    var externalId: String
    var payerMessage: String
    var payeeNote: String
    /// The `X-Reference-Id` of the collection (request to pay) being refunded.
    var referenceIdToRefund: String
}
