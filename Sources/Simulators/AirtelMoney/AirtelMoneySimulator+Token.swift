import Hummingbird
import Webhooks

/// `POST /auth/oauth2/token`: OAuth2 client credentials in a JSON body.
extension AirtelMoneySimulator {
    func addTokenRoute(to router: Router<BasicRequestContext>) {
        router.post("/auth/oauth2/token") { request, _ in
            await AirtelMoneyHTTP.respond { try await self.issueToken(request) }
        }
    }

    /// `{"client_id","client_secret","grant_type":"client_credentials"}` → `{"access_token","expires_in":"180",
    /// "token_type":"bearer"}`. A body that is not such an object is 400 `invalid_request`, another grant type 400
    /// `unsupported_grant_type`, a wrong id or secret 401 `invalid_client`.
    private func issueToken(_ request: Request) async throws -> Response {
        let body = try await AirtelMoneyHTTP.body(of: request)
        guard let object = try? SimulatorJSONParser.parse(body), let clientID = object["client_id"]?.text,
              let clientSecret = object["client_secret"]?.text, let grantType = object["grant_type"]?.text
        else {
            throw AirtelMoneyHTTPFailure(
                oauth: .badRequest, error: "invalid_request", description: "client_id, client_secret and grant_type are mandatory"
            )
        }
        guard grantType == "client_credentials" else {
            throw AirtelMoneyHTTPFailure(oauth: .badRequest, error: "unsupported_grant_type", description: "Unsupported grant type")
        }
        // Both halves are compared, in constant time, before deciding.
        let idMatches = ConstantTime.equals(Array(clientID.utf8), Array(configuration.clientID.utf8))
        let secretMatches = ConstantTime.equals(Array(clientSecret.utf8), Array(configuration.clientSecret.utf8))
        guard idMatches, secretMatches else {
            throw AirtelMoneyHTTPFailure(oauth: .unauthorized, error: "invalid_client", description: "Invalid client authentication")
        }
        let token = await tokens.issue()
        let lifetime = await tokens.lifetimeSeconds
        return AirtelMoneyHTTP.json(.ok, .object([
            ("access_token", .string(token)), ("expires_in", .string(String(lifetime))), ("token_type", .string("bearer")),
        ]))
    }
}
