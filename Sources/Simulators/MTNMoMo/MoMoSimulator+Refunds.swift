import Foundation
import HubKit
import Hummingbird

/// Refunds of collections, paid from the disbursement account: `POST /disbursement/{v1_0|v2_0}/refund` and
/// `GET /disbursement/v1_0/refund/{reference}`.
extension MoMoSimulator {
    func addRefundRoutes(to router: Router<BasicRequestContext>) {
        let kind = MoMoTransactionKind.refund
        for version in kind.versions {
            router.post("/\(kind.product.rawValue)/\(version)/\(kind.rawValue)") { request, _ in
                await MoMoHTTP.respond { try await self.refund(request) }
            }
        }
        addStatusRoute(to: router, kind: kind)
    }

    /// Checks the headers and the body like a transfer's, then the collection named by `referenceIdToRefund`
    /// (see `MoMoRefundRefusal`); the refund's payee is that collection's payer.
    private func refund(_ request: Request) async throws -> Response {
        let headers = try await submissionHeaders(of: request, product: .disbursement)
        let data = try await MoMoHTTP.body(of: request)
        guard let body = try? JSONDecoder().decode(MoMoRefundRequest.self, from: data) else {
            throw MoMoHTTPFailure.badRequest("The body is not a valid refund JSON object.")
        }
        let amount = try validateAmount(body.amount, currency: body.currency)
        try validateNotes(payerMessage: body.payerMessage, payeeNote: body.payeeNote)
        guard let refunded = body.referenceIdToRefund else { throw MoMoHTTPFailure.badRequest("referenceIdToRefund is required.") }
        guard UUID(uuidString: refunded) != nil else {
            throw MoMoHTTPFailure.badRequest("referenceIdToRefund must be the UUID of a requesttopay.")
        }
        let submission = MoMoRefundSubmission(
            reference: headers.reference, refundedReference: refunded.lowercased(), externalID: body.externalId,
            amount: amount, payerMessage: body.payerMessage, payeeNote: body.payeeNote, callbackURL: headers.callbackURL
        )
        switch await book.recordRefund(submission) {
        case .duplicate: throw MoMoHTTPFailure.duplicate
        case .refused(let refusal): throw refusal.failure
        case .recorded(let recorded, let dueAt): return try await answerRecorded(recorded, dueAt: dueAt)
        }
    }
}
