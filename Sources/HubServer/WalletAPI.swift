import Foundation
import Hub
import HTTPTypes
import Hummingbird

/// The wallet backend's API: start top-ups and withdrawals, read payments, balances and ledger lines.
struct WalletAPI {
    let hub: HubService
    let configuration: HubServerConfiguration

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("v1").add(middleware: APIKeyMiddleware(configuration: configuration))
        v1.post("top-ups") { request, context in try await submit(.topUp, request: request, context: context) }
        v1.post("withdrawals") { request, context in try await submit(.withdrawal, request: request, context: context) }
        v1.get("payments/:id") { _, context in
            guard let id = PaymentID(validating: try context.parameters.require("id")) else { throw Problem.notFound("no such payment") }
            return try JSONResponse(.ok, PaymentResource(try await call { () throws(HubError) in try await hub.payment(id) }))
        }
        v1.get("payments") { request, _ in try await listPayments(request) }
        v1.get("providers") { _, _ in try JSONResponse(.ok, ProvidersResource(router: hub.router, now: Date())) }
        v1.post("payments/:id/refund") { request, context in
            guard let id = PaymentID(validating: try context.parameters.require("id")) else { throw Problem.notFound("no such payment") }
            guard let key = request.headers[.idempotencyKey], !key.isEmpty, key.utf8.count <= 255 else {
                throw Problem.invalid("an Idempotency-Key header of 1 to 255 characters is required on every POST", field: "Idempotency-Key")
            }
            let submission = try await call { () throws(HubError) in try await hub.refund(id, idempotencyKey: key) }
            var response = try JSONResponse(.ok, PaymentResource(submission.payment))
            if submission.replayed { response.headers[.idempotentReplayed] = "true" }
            return response
        }
        v1.get("wallets/:id/balance") { _, context in
            let wallet = try walletID(try context.parameters.require("id"))
            let balances = try await call { () throws(HubError) in try await hub.balances(wallet: wallet) }
            return try JSONResponse(.ok, BalanceResource(wallet: wallet, balances: balances))
        }
        v1.get("wallets/:id/entries") { request, context in
            let wallet = try walletID(try context.parameters.require("id"))
            let (limit, cursor) = try page(request)
            let entries = try await call { () throws(HubError) in try await hub.entries(wallet: wallet, limit: limit, cursor: cursor) }
            return try JSONResponse(.ok, EntriesResource(wallet: wallet, page: entries))
        }
    }

    func submit(_ kind: PaymentKind, request: Request, context: BasicRequestContext) async throws -> Response {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty else {
            throw Problem.invalid("the Idempotency-Key header is required on every POST", field: "Idempotency-Key")
        }
        guard key.utf8.count <= 255 else { throw Problem.invalid("Idempotency-Key must be at most 255 characters", field: "Idempotency-Key") }
        let body = try await collect(request, limit: configuration.maxRequestBytes)
        let paymentRequest = try PaymentRequestBody.parse(body, kind: kind, idempotencyKey: key)
        let submission = try await call { () throws(HubError) in try await hub.submit(paymentRequest) }
        var response = try JSONResponse(.created, PaymentResource(submission.payment))
        if submission.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    func listPayments(_ request: Request) async throws -> Response {
        guard let walletText = request.uri.queryParameters.get("wallet_id") else {
            throw Problem.invalid("the wallet_id query parameter is required", field: "wallet_id")
        }
        let wallet = try walletID(walletText)
        let (limit, cursor) = try page(request)
        let payments = try await call { () throws(HubError) in try await hub.payments(wallet: wallet, limit: limit, cursor: cursor) }
        return try JSONResponse(.ok, PaymentListResource(data: payments.items.map { PaymentResource($0) }, nextCursor: payments.nextCursor))
    }

    func walletID(_ text: String) throws(Problem) -> WalletID {
        do { return try WalletID(text) } catch { throw Problem.invalid(error.message, field: error.field) }
    }

    /// `limit` (1–100, default 20) and `cursor` query parameters.
    func page(_ request: Request) throws(Problem) -> (Int, String?) {
        var limit = 20
        if let text = request.uri.queryParameters.get("limit") {
            guard let value = Int(text), (1...100).contains(value) else { throw Problem.invalid("limit must be 1 to 100", field: "limit") }
            limit = value
        }
        return (limit, request.uri.queryParameters.get("cursor"))
    }
}

/// Runs a hub call, turning its error into the matching problem.
func call<T>(_ body: () async throws(HubError) -> T) async throws(Problem) -> T {
    do { return try await body() } catch { throw Problem(error) }
}

/// Reads a whole request body, refusing one larger than `limit` with a 413 problem.
func collect(_ request: Request, limit: Int) async throws -> Data {
    var request = request
    do {
        return Data(buffer: try await request.collectBody(upTo: limit))
    } catch let error as HTTPResponseError where error.status == .contentTooLarge {
        throw Problem.tooLarge(limit)
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
