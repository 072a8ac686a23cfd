import Hub
import Hummingbird

/// Guards a group of `/v1` routes that all need `scope`: a request without `Authorization: Bearer <key>` for a
/// configured key is refused 401; one whose key lacks the scope, 403 naming it. Either way before the handler runs,
/// so nothing is read or written.
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let configuration: HubServerConfiguration
    let scope: APIScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let caller = configuration.caller(of: request) else { throw Problem.unauthorized }
        guard caller.scopes.contains(scope) else { throw Problem.forbidden(needing: scope) }
        return try await next(request, context)
    }
}
