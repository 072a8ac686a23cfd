import Foundation
import Hummingbird

/// `GET /oauth/v1/generate?grant_type=client_credentials` with `Authorization: Basic base64(key:secret)`.
extension MPesaSimulator {
    func addOAuthRoute(to router: Router<BasicRequestContext>) {
        router.get("/oauth/v1/generate") { request, _ in
            await MPesaHTTP.respond { try await self.generateToken(request) }
        }
    }

    /// Credentials first (400 `400.008.01` when missing, malformed or wrong), then the grant type (400
    /// `400.008.02` unless `client_credentials`); then 200 `{"access_token","expires_in":"3599"}`, the lifetime
    /// a string as Daraja writes it.
    private func generateToken(_ request: Request) async throws -> Response {
        guard let basic = Self.basicCredentials(MPesaHTTP.header("Authorization", of: request)),
              basic.key == configuration.consumerKey, basic.secret == configuration.consumerSecret
        else { throw MPesaHTTPFailure.invalidAuthentication }
        guard request.uri.queryParameters.get("grant_type") == "client_credentials" else {
            throw MPesaHTTPFailure.invalidGrantType
        }
        let token = await tokens.issue()
        let lifetime = await tokens.lifetimeSeconds
        return MPesaHTTP.json(.ok, .object([("access_token", .string(token)), ("expires_in", .string(String(lifetime)))]))
    }

    /// The key and secret of `Authorization: Basic base64(key:secret)`, the scheme in any case.
    static func basicCredentials(_ header: String?) -> (key: String, secret: String)? {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}
