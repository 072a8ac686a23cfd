import Hub
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
        return router
    }
}

/// Turns Hummingbird's own errors (unknown route, wrong method) into problems, so every error is problem+json.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as HTTPResponseError {
            switch error.status {
            case .notFound: throw Problem.notFound("no route \(request.method.rawValue) \(request.uri.path)")
            case .contentTooLarge: throw Problem.tooLarge(0)
            case .methodNotAllowed: throw Problem(.methodNotAllowed, "method-not-allowed", title: "Method not allowed", detail: request.method.rawValue)
            default: throw Problem(error.status, "http-\(error.status.code)", title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
            }
        }
    }
}
