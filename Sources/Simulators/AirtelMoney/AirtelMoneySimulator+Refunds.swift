import Hummingbird

/// Refunds of collections: `POST /standard/v1/payments/refund` and `POST /standard/v2/payments/refund`
/// (message-signed), with `{"transaction":{"airtel_money_id"}}` naming the collection.
extension AirtelMoneySimulator {
    func addRefundRoutes(to router: Router<BasicRequestContext>) {
        for version in ["v1", "v2"] {
            router.post("/standard/\(version)/payments/refund") { request, _ in
                await AirtelMoneyHTTP.respond { try await self.refund(request, version: version) }
            }
        }
    }

    /// A full refund, final in its answer. Refused: an unknown `airtel_money_id` (404 `DP00800001025`), a collection
    /// that has not succeeded, or one already refunded (400 `DP00800001008`).
    private func refund(_ request: Request, version: String) async throws -> Response {
        _ = try await authorize(request)
        let body = try await AirtelMoneyHTTP.body(of: request)
        if version == "v2" { try verifySignature(of: request, body: body, mismatch: .collectionSignatureMismatch) }
        let object = try AirtelMoneyHTTP.object(body)
        let airtelMoneyID = try requireText(object["transaction"]?["airtel_money_id"], field: "transaction.airtel_money_id")
        switch await book.refund(collection: airtelMoneyID, apiVersion: version) {
        case .refunded(let refund):
            return AirtelMoneyHTTP.json(.ok, AirtelMoneyWire.refunded(refund))
        case .unknownTransaction:
            throw AirtelMoneyHTTPFailure(
                .notFound, "No Transaction Found With Provided Transaction Id.", resultCode: "ESB000045", responseCode: .collectionNotFound
            )
        case .notRefundable(let status):
            throw AirtelMoneyHTTPFailure(
                .badRequest, "Only a successful collection can be refunded; this one is \(status.rawValue).", resultCode: "ESB000011",
                responseCode: .collectionRefused
            )
        case .alreadyRefunded:
            throw AirtelMoneyHTTPFailure(
                .badRequest, "The transaction has already been refunded.", resultCode: "ESB000011", responseCode: .collectionRefused
            )
        }
    }
}
