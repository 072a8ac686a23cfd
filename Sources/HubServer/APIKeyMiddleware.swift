import Hummingbird

/// Refuses any request without `Authorization: Bearer <key>` for a configured key (401 problem).
struct APIKeyMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let configuration: HubServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              configuration.authorizes(String(header.dropFirst("Bearer ".count)))
        else { throw Problem.unauthorized }
        return try await next(request, context)
    }
}
