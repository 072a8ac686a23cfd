import Hub
import HubConsole
import Hummingbird
import Logging
import Prometheus

extension HubServer {
    /// Every route of the hub: the wallet API under `/v1`, provider webhooks, health, readiness, the OpenAPI
    /// document and `metrics` at `/metrics`.
    public static func router(
        hub: HubService, configuration: HubServerConfiguration, logger: Logger,
        metrics: PrometheusCollectorRegistry = PrometheusMetricsFactory.defaultRegistry
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.get("healthz") { _, _ in try JSONResponse(.ok, ["status": "ok"]) }
        ReadinessCheck(store: hub.store).register(on: router)
        OpenAPIRoute().register(on: router)
        MetricsRoute(registry: metrics).register(on: router)
        WalletAPI(hub: hub, configuration: configuration).register(on: router)
        WebhookIntake(hub: hub, configuration: configuration, logger: logger).register(on: router)
        // An operator signs in to the console with a key that may read payments; acting (resolving) needs admin.
        Console(hub: hub, authenticate: { key in
            guard let caller = configuration.key(matching: key), caller.scopes.contains(.paymentsRead) || caller.scopes.contains(.admin) else {
                return nil
            }
            return ConsoleOperator(id: caller.id, mayAct: caller.scopes.contains(.admin))
        }).register(on: router)
        return router
    }
}

/// Turns Hummingbird's own errors (unknown route, wrong method) into problems, so every error is problem+json.
/// Hummingbird answers a known path with another method as not found; the hub answers it 405.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    /// Every route's path, `:name` matching one segment. Kept beside the router it mirrors.
    static let routePaths = ["/healthz", "/readyz", "/openapi.yaml", "/metrics", "/v1/top-ups", "/v1/withdrawals", "/v1/payments",
                             "/v1/payments/:id", "/v1/payments/:id/refund", "/v1/providers", "/v1/wallets/:id/balance",
                             "/v1/wallets/:id/entries", "/v1/recipients/lookup", "/v1/payments/:id/resolve", "/v1/events/:id/redeliver",
                             "/v1/audit", "/webhooks/:provider/:token"] + Console.routePaths

    static func knownPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        return routePaths.contains { route in
            let pattern = route.split(separator: "/", omittingEmptySubsequences: true)
            return pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPResponseError {
            switch error.status {
            case .notFound where Self.knownPath(request.uri.path):
                throw Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed", detail: request.method.rawValue)
            case .notFound: throw Problem.notFound("no route \(request.method.rawValue) \(request.uri.path)")
            case .contentTooLarge: throw Problem.tooLarge(0)
            case .methodNotAllowed: throw Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed", detail: request.method.rawValue)
            default: throw Problem(error.status, "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
            }
        }
    }
}
