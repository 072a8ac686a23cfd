import HubKit
import Hummingbird

/// Verification (`GET /v3/transactions/{id}/verify`, `GET /v3/transactions/verify_by_reference`), refunds
/// (`POST /v3/transactions/{id}/refund`, `GET /v3/refunds/{id}`) and balances (`GET /v3/balances[/{currency}]`).
extension FlutterwaveSimulator {
    static let transactionNotFound = "No transaction was found for this id"

    func addVerifyRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v3/transactions/verify_by_reference") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                guard let txRef = request.uri.queryParameters.get("tx_ref"), !txRef.isEmpty else {
                    throw .invalid("tx_ref is required")
                }
                guard let charge = await self.book.charge(txRef: String(txRef)) else { throw .invalid(Self.transactionNotFound) }
                return .success("Transaction fetched successfully", data: FlutterwaveWire.transaction(charge))
            }
        }
        router.get("/v3/transactions/:id/verify") { request, context in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let charge = await self.book.charge(id: id) else {
                    throw .invalid(Self.transactionNotFound)
                }
                return .success("Transaction fetched successfully", data: FlutterwaveWire.transaction(charge))
            }
        }
    }

    func addRefundRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v3/transactions/:id/refund") { request, context in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let charge = await self.book.charge(id: id) else {
                    throw .invalid(Self.transactionNotFound)
                }
                let body = try await FlutterwaveHTTP.object(of: request, emptyAllowed: true)
                var amount: Money?
                if body["amount"] != nil {
                    amount = try FlutterwaveValidation.amount(in: body, currency: charge.amount.currency)
                }
                let comments = try FlutterwaveValidation.optional("comments", in: body)
                let refund = try await self.book.refund(chargeID: id, amount: amount, comments: comments)
                return .success("Transaction refund initiated", data: FlutterwaveWire.refund(refund))
            }
        }
        router.get("/v3/refunds/:id") { request, context in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                guard let id = context.parameters.get("id").flatMap({ Int64($0) }), let refund = await self.book.refund(id: id) else {
                    throw .invalid("No refund was found for this id")
                }
                return .success("Refund fetched", data: FlutterwaveWire.refund(refund))
            }
        }
    }

    func addBalanceRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v3/balances") { request, _ in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                let balances = await self.book.allBalances().map(FlutterwaveWire.balance)
                return .success("Wallet balances fetched", data: .array(balances))
            }
        }
        router.get("/v3/balances/:currency") { request, context in
            await self.handle(request) { () async throws(FlutterwaveAPIError) in
                let code = (context.parameters.get("currency") ?? "").uppercased()
                guard let currency = Currency(code: code) else { throw .invalid("Invalid currency: \(code.prefix(8))") }
                return .success("Wallet balance fetched", data: FlutterwaveWire.balance(await self.book.balance(in: currency)))
            }
        }
    }
}
