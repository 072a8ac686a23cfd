import Foundation
import Hummingbird

/// Sandbox provisioning (`/v1_0/apiuser`) and the per-product token endpoints.
extension MoMoSimulator {
    func addProvisioningRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1_0/apiuser") { request, _ in
            await MoMoHTTP.respond { try await self.createAPIUser(request) }
        }
        router.get("/v1_0/apiuser/:id") { request, context in
            await MoMoHTTP.respond {
                try self.checkSubscriptionKey(request)
                guard let id = context.parameters.get("id"), let user = await self.credentials.user(id: id) else {
                    throw MoMoHTTPFailure.notFound
                }
                let body = MoMoAPIUserBody(
                    providerCallbackHost: user.providerCallbackHost, targetEnvironment: self.configuration.targetEnvironment
                )
                return MoMoHTTP.json(.ok, body)
            }
        }
        router.post("/v1_0/apiuser/:id/apikey") { request, context in
            await MoMoHTTP.respond {
                try self.checkSubscriptionKey(request)
                guard let id = context.parameters.get("id"), let key = await self.credentials.issueKey(userID: id) else {
                    throw MoMoHTTPFailure.notFound
                }
                return MoMoHTTP.json(.created, MoMoAPIKeyBody(apiKey: key))
            }
        }
    }

    /// `POST /{product}/token/`: Basic credentials of an API user, answered with a bearer token that only this
    /// product accepts. Any body is ignored, as MoMo ignores it: the documentation sends none, and independent
    /// clients send `{}` as JSON or a `grant_type`, which MoMo answers like any other.
    func addTokenRoute(to router: Router<BasicRequestContext>, product: MoMoProduct) {
        router.post("/\(product.rawValue)/token") { request, _ in
            await MoMoHTTP.respond {
                try self.checkSubscriptionKey(request)
                guard let basic = Self.basicCredentials(MoMoHTTP.header("Authorization", of: request)) else {
                    throw MoMoHTTPFailure.unauthorized("Missing or malformed Basic credentials.")
                }
                _ = try await MoMoHTTP.body(of: request)
                guard let token = await self.credentials.issueToken(userID: basic.user, apiKey: basic.key, product: product) else {
                    throw MoMoHTTPFailure.unauthorized("Unknown API user or wrong API key.")
                }
                let lifetime = await self.credentials.tokenLifetimeSeconds
                return MoMoHTTP.json(.ok, MoMoTokenBody(accessToken: token, tokenType: "access_token", expiresIn: lifetime))
            }
        }
    }

    private func createAPIUser(_ request: Request) async throws -> Response {
        try checkSubscriptionKey(request)
        guard let id = MoMoHTTP.header("X-Reference-Id", of: request), MoMoHTTP.isUUIDv4(id) else {
            throw MoMoHTTPFailure.badRequest("X-Reference-Id must be a UUID version 4.")
        }
        let data = try await MoMoHTTP.body(of: request)
        let body = try? JSONDecoder().decode(MoMoAPIUserRequest.self, from: data)
        guard let host = body?.providerCallbackHost, !host.isEmpty else {
            throw MoMoHTTPFailure.badRequest("providerCallbackHost is required.")
        }
        guard await credentials.createUser(id: id, providerCallbackHost: host) else { throw MoMoHTTPFailure.duplicate }
        return MoMoHTTP.empty(.created)
    }

    /// Refuses a missing subscription key, or one other than the configured key when one is configured.
    func checkSubscriptionKey(_ request: Request) throws(MoMoHTTPFailure) {
        guard let key = MoMoHTTP.header("Ocp-Apim-Subscription-Key", of: request) else {
            throw .unauthorized("Access denied due to missing subscription key.")
        }
        if let expected = configuration.subscriptionKey, key != expected {
            throw .unauthorized("Access denied due to invalid subscription key.")
        }
    }

    /// The user id and key of an `Authorization: Basic base64(user:key)` header.
    static func basicCredentials(_ header: String?) -> (user: String, key: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
