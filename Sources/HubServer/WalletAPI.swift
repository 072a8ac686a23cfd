import Foundation
import Hub
import HTTPTypes
import Hummingbird

/// The wallet backend's API: start top-ups and withdrawals, read payments, balances and ledger lines.
struct WalletAPI {
    let hub: HubService
    let configuration: HubServerConfiguration

    /// Each route in the group of the one scope it needs (`APIScope`): money-moving requests need `payments:write`,
    /// reads and lookups `payments:read`, operators' requests `admin` (`AdminAPI`).
    func register(on router: Router<BasicRequestContext>) {
        let write = group(router, .paymentsWrite)
        write.post("top-ups") { request, context in try await submit(.topUp, request: request, context: context) }
        write.post("withdrawals") { request, context in try await submit(.withdrawal, request: request, context: context) }
        write.post("payments/:id/refund") { request, context in
            guard let id = PaymentID(validating: try context.parameters.require("id")) else { throw Problem.notFound("no such payment") }
            let key = try idempotencyKey(request)
            let submission = try await call { () throws(HubError) in try await hub.refund(id, idempotencyKey: key) }
            var response = try JSONResponse(.ok, PaymentResource(submission.payment))
            if submission.replayed { response.headers[.idempotentReplayed] = "true" }
            return response
        }
        let read = group(router, .paymentsRead)
        read.get("payments/:id") { _, context in
            guard let id = PaymentID(validating: try context.parameters.require("id")) else { throw Problem.notFound("no such payment") }
            return try JSONResponse(.ok, PaymentResource(try await call { () throws(HubError) in try await hub.payment(id) }))
        }
        read.get("payments") { request, _ in try await listPayments(request) }
        read.post("recipients/lookup") { request, _ in try await lookUpRecipient(request) }
        read.get("providers") { _, _ in try JSONResponse(.ok, ProvidersResource(router: hub.router, now: Date())) }
        read.get("wallets/:id/balance") { _, context in
            let wallet = try walletID(try context.parameters.require("id"))
            let balances = try await call { () throws(HubError) in try await hub.balances(wallet: wallet) }
            return try JSONResponse(.ok, BalanceResource(wallet: wallet, balances: balances))
        }
        read.get("wallets/:id/entries") { request, context in
            let wallet = try walletID(try context.parameters.require("id"))
            let (limit, cursor) = try page(request)
            let entries = try await call { () throws(HubError) in try await hub.entries(wallet: wallet, limit: limit, cursor: cursor) }
            return try JSONResponse(.ok, EntriesResource(wallet: wallet, page: entries))
        }
        AdminAPI(hub: hub, configuration: configuration).register(on: group(router, .admin))
    }

    /// `/v1` routes that need `scope`.
    func group(_ router: Router<BasicRequestContext>, _ scope: APIScope) -> RouterGroup<BasicRequestContext> {
        router.group("v1").add(middleware: APIKeyMiddleware(configuration: configuration, scope: scope))
    }

    func submit(_ kind: PaymentKind, request: Request, context: BasicRequestContext) async throws -> Response {
        let key = try idempotencyKey(request)
        guard Self.isJSON(request.headers[.contentType]) else { throw Problem.unsupportedMediaType }
        let body = try await collect(request, limit: configuration.maxRequestBytes, timeout: configuration.bodyTimeout)
        let paymentRequest = try PaymentRequestBody.parse(body, kind: kind, idempotencyKey: key)
        let submission = try await call { () throws(HubError) in try await hub.submit(paymentRequest) }
        var response = try JSONResponse(.created, PaymentResource(submission.payment))
        if submission.replayed { response.headers[.idempotentReplayed] = "true" }
        return response
    }

    /// The request's `Idempotency-Key`: 1 to 255 visible ASCII characters. Anything else is refused, never
    /// normalised: two different keys must never become one (invalid UTF-8 read as U+FFFD would).
    func idempotencyKey(_ request: Request) throws(Problem) -> String {
        guard let key = request.headers[.idempotencyKey], !key.isEmpty else {
            throw Problem.invalid("the Idempotency-Key header is required on every POST", field: "Idempotency-Key")
        }
        guard key.utf8.count <= 255, key.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw Problem.invalid("Idempotency-Key must be 1 to 255 visible ASCII characters", field: "Idempotency-Key")
        }
        return key
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return mediaType == "application/json"
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

/// Reads a whole request body: one that declares more than `limit` bytes is refused with 413 before it is read,
/// one that grows past it as it arrives too, and one that takes longer than `timeout` to arrive gets 408, so a
/// client that sends its head and then trickles (or stops) cannot hold a connection.
func collect(_ request: Request, limit: Int, timeout: Duration) async throws -> Data {
    if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit { throw Problem.tooLarge(limit) }
    let body = request.body
    return try await withThrowingTaskGroup(of: Data?.self) { group in
        group.addTask {
            do {
                return Data(buffer: try await body.collect(upTo: limit))
            } catch let error as HTTPResponseError where error.status == .contentTooLarge {
                throw Problem.tooLarge(limit)
            }
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let data = first else { throw Problem.requestTimeout }
        return data
    }
}

extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
}
