import Foundation
import Hub
import Hummingbird

/// Operators' routes, all needing the `admin` scope: settle a payment (or its refund) flagged for review, queue an
/// event again, read the audit trail. Each action is recorded in the audit trail under the calling key's id.
struct AdminAPI {
    let hub: HubService
    let configuration: HubServerConfiguration

    func register(on admin: RouterGroup<BasicRequestContext>) {
        admin.post("payments/:id/resolve") { request, context in try await resolve(request, context: context) }
        admin.post("events/:id/redeliver") { request, context in
            let id = try context.parameters.require("id")
            guard (1...100).contains(id.utf8.count), id.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
                throw Problem.notFound("no such event")
            }
            let who = try actor(request)
            let queued = try await call { () throws(HubError) in try await hub.redeliver(eventID: id, actor: who) }
            guard queued else { throw Problem.notFound("no such event") }
            return try JSONResponse(.accepted, ["event_id": id, "status": "queued"])
        }
        admin.get("audit") { request, _ in
            var limit = 20
            if let text = request.uri.queryParameters.get("limit") {
                guard let value = Int(text), (1...100).contains(value) else {
                    throw Problem.invalid("limit must be 1 to 100", field: "limit")
                }
                limit = value
            }
            var before: Int64?
            if let text = request.uri.queryParameters.get("cursor") {
                guard let value = Int64(text), value > 0 else { throw Problem.invalid("not a cursor from this list", field: "cursor") }
                before = value
            }
            let records = try await call { () throws(HubError) in try await hub.auditRecords(limit: limit, before: before) }
            return try JSONResponse(.ok, AuditListResource(records, limit: limit))
        }
    }

    /// `{"as": "succeeded" | "failed", "reason": "…", "subject": "payment" | "refund"}`; `subject` defaults to the payment.
    func resolve(_ request: Request, context: BasicRequestContext) async throws -> Response {
        guard let id = PaymentID(validating: try context.parameters.require("id")) else { throw Problem.notFound("no such payment") }
        guard WalletAPI.isJSON(request.headers[.contentType]) else { throw Problem.unsupportedMediaType }
        let body = try await collect(request, limit: configuration.maxRequestBytes, timeout: configuration.bodyTimeout)
        let object: [String: JSONValue]
        do {
            guard let parsed = try StrictJSON.parse(body).object else { throw Problem.invalid("the body must be a JSON object") }
            object = parsed
        } catch let problem as Problem { throw problem } catch { throw Problem.invalid("the body must be a JSON object: \(error)") }
        if let unknown = object.keys.sorted().first(where: { !["as", "reason", "subject"].contains($0) }) {
            throw Problem.invalid("unknown field", field: String(unknown.prefix(40)))
        }
        let outcome: Resolution
        let reason: String
        let refund: Bool
        do {
            guard let value = Resolution(rawValue: try PaymentRequestBody.string(object, "as")) else {
                throw ValidationError(field: "as", "must be succeeded or failed")
            }
            outcome = value
            reason = try PaymentRequestBody.string(object, "reason")
            switch try object["subject"].map({ _ in try PaymentRequestBody.string(object, "subject") }) ?? "payment" {
            case "payment": refund = false
            case "refund": refund = true
            default: throw ValidationError(field: "subject", "must be payment or refund")
            }
        } catch let error as ValidationError {
            throw Problem.invalid(error.message, field: error.field)
        } catch {
            throw Problem.invalid("the body could not be read")
        }
        let who = try actor(request)
        let payment = try await call { () throws(HubError) in
            refund ? try await hub.resolveRefund(id, as: outcome, reason: reason, operator: who)
                : try await hub.resolve(id, as: outcome, reason: reason, operator: who)
        }
        return try JSONResponse(.ok, PaymentResource(payment))
    }

    /// The calling key's id, as the audit trail names it (the middleware has already checked the key).
    func actor(_ request: Request) throws(Problem) -> String {
        guard let caller = configuration.caller(of: request) else { throw Problem.unauthorized }
        return caller.id
    }
}

/// `GET /v1/audit`: audit records, newest first.
struct AuditListResource: Encodable {
    struct Record: Encodable {
        var id: Int64
        var actor: String
        var action: String
        var target: String
        var reason: String?
        var before: String?
        var after: String?
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, actor, action, target, reason, before, after
            case createdAt = "created_at"
        }
    }

    var data: [Record]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }

    init(_ records: [AuditRecord], limit: Int) {
        data = records.map {
            Record(id: $0.id, actor: $0.actor, action: $0.action, target: $0.target, reason: $0.reason, before: $0.before, after: $0.after,
                   createdAt: Timestamp.iso8601($0.createdAt))
        }
        nextCursor = records.count == limit ? records.last.map { String($0.id) } : nil
    }
}
