import Foundation
import Hub
import Hummingbird
import Logging
import Webhooks

/// `POST|PUT /webhooks/{provider}/{token}`: provider notifications.
///
/// The path token must match the deployment's callback token, the provider must be within its intake limits
/// (`WebhookIntakeLimits`: 429 over its rate, 503 with too many bodies in flight), the body is read up to a size
/// limit, and the provider's handler verifies and parses it; a refusal is a problem, writes nothing and is counted
/// in `hub_webhooks_rejected_total` by reason. A signed notification is written to the inbox under its dedupe key
/// and applied in the same transaction, and only then answered 2xx; a repeat is answered 2xx and changes nothing.
/// Unsigned notifications (MoMo) are hints: the hub asks the provider for the attempt's status and applies only
/// that answer, so a forged callback moves nothing. A notification for a payment the hub does not know is
/// acknowledged (so the provider stops retrying) and, when verified, kept for inspection, never applied.
struct WebhookIntake {
    let hub: HubService
    let configuration: HubServerConfiguration
    let logger: Logger

    func register(on router: Router<BasicRequestContext>) {
        router.post("webhooks/:provider/:token") { request, context in try await receive(request, context: context) }
        router.put("webhooks/:provider/:token") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let providerID = ProviderID(try context.parameters.require("provider"))
        let token = try context.parameters.require("token")
        let metricsProvider = hub.registry[providerID] == nil ? "unknown" : providerID.rawValue
        guard ConstantTime.equals(Array(token.utf8), Array(configuration.callbackToken.utf8)) else {
            logger.warning("webhook refused: bad path token", metadata: ["provider": "\(providerID.rawValue.prefix(32))"])
            hub.metrics.webhookRejected(metricsProvider, .badToken)
            throw Problem(.unauthorized, "webhook-unauthenticated", title: "Unauthenticated notification", detail: "unknown callback path")
        }
        guard let provider = hub.registry[providerID], let handler = provider.notifications else {
            hub.metrics.webhookRejected(metricsProvider, .unknownProvider)
            throw Problem.notFound("no provider '\(providerID.rawValue.prefix(32))' takes notifications here")
        }
        do {
            return try await configuration.webhookGate.admit(providerID, now: Date()) {
                try await receive(request, from: providerID, handler: handler)
            }
        } catch let refusal as WebhookIntakeGate.Refusal {
            // At debug level only: a flood would otherwise become a flood of log lines. The metric counts every one.
            logger.debug("webhook refused: intake limit", metadata: ["provider": "\(providerID)", "reason": "\(refusal.reason.rawValue)"])
            hub.metrics.webhookRejected(providerID.rawValue, refusal.reason)
            switch refusal {
            case .rateLimited(let wait): throw Problem.webhookRateLimited(retryAfter: wait)
            case .busy: throw Problem.webhookBusy
            }
        }
    }

    /// Reads, verifies and applies one notification of a configured provider, inside its intake limits.
    private func receive(_ request: Request, from providerID: ProviderID, handler: any NotificationHandler) async throws -> Response {
        let body: Data
        do { body = try await collect(request, limit: configuration.maxWebhookBytes, timeout: configuration.bodyTimeout) } catch let problem as Problem {
            hub.metrics.webhookRejected(providerID.rawValue, problem.status == .requestTimeout ? .timeout : .tooLarge)
            throw problem
        }
        let incoming = IncomingNotification(method: request.method.rawValue, headers: request.headers.map { ($0.name.canonicalName, $0.value) },
                                            body: body, receivedAt: hub.now())
        let notification: ProviderNotification
        do { notification = try handler.parse(incoming) } catch {
            logger.warning("webhook refused", metadata: ["provider": "\(providerID)", "reason": "\(error.reason)"])
            hub.metrics.webhookRejected(providerID.rawValue, error.kind == .unauthenticated ? .unauthenticated : .malformed)
            throw error.kind == .unauthenticated
                ? Problem(.unauthorized, "webhook-unauthenticated", title: "Unauthenticated notification", detail: error.reason)
                : Problem(.badRequest, "webhook-malformed", title: "Malformed notification", detail: error.reason)
        }
        let outcome = try await call { () throws(HubError) in
            try await hub.receive(notification, from: providerID, signed: handler.isSigned, body: body)
        }
        hub.metrics.webhookDelivery(providerID.rawValue, Self.metricsResult(outcome))
        if case .duplicate = outcome { return Self.answer(Self.duplicateBody) }
        return Self.answer(Self.receivedBody)
    }

    /// The two acknowledgements, fixed, so that no answer is encoded per notification.
    static let receivedBody = #"{"received":true}"#
    static let duplicateBody = #"{"duplicate":true,"received":true}"#

    static func answer(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func metricsResult(_ outcome: HubService.NotificationOutcome) -> HubMetrics.WebhookResult {
        switch outcome {
        case .applied, .confirmed: .verified
        case .duplicate: .duplicate
        case .kept, .unmatched: .unmatched
        }
    }
}
