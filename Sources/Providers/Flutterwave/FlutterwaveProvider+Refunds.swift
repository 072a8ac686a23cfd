import Foundation
import Hub

extension FlutterwaveProvider {
    /// v3 refunds carry no idempotency key: a refund whose first request may have arrived is never sent again.
    public var refundsAreIdempotent: Bool { false }

    /// `POST /v3/transactions/{id}/refund` with the amount: the charge's id is needed, else nothing is sent.
    public func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let chargeID = request.originalProviderTransactionID, chargeID.allSatisfy(\.isNumber) else {
            throw ProviderError(.notSent, provider: id, reason: "refund: the charge's id is unknown")
        }
        var body = FlutterwaveJSON()
        body.number("amount", request.amount.compactDecimalString)
        body.string("comments", "Miliano refund \(request.reference)")
        let response = try await send("POST", "/v3/transactions/\(chargeID)/refund", body: body, operation: "refund", context: context)
        guard response.status == 200 || response.status == 201 else { return try refusal(response, operation: "refund") }
        return try refundResult(response.body, operation: "refund")
    }

    /// `GET /v3/refunds/{id}`.
    public func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let refundID = refund.providerRefundID, refundID.allSatisfy(\.isNumber) else {
            throw ProviderError(.ambiguous, provider: id, reason: "refund status: the refund's id is unknown")
        }
        let response = try await send("GET", "/v3/refunds/\(refundID)", body: nil, operation: "refund status", context: context)
        guard response.status == 200 else { throw unanswered(response, operation: "refund status") }
        return try refundResult(response.body, operation: "refund status")
    }

    func refundResult(_ body: Data, operation: String) throws(ProviderError) -> ProviderResult {
        guard let refund = try? JSONDecoder().decode(FlutterwaveEnvelope<FlutterwaveRefund>.self, from: body).data,
              let status = FlutterwaveRefundStatus(refund.status) else {
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): unreadable answer")
        }
        return status.result(refundID: refund.id.map(String.init))
    }
}
