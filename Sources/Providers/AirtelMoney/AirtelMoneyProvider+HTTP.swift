import Foundation
import Hub

/// Token, headers and v2 signing: what every call to Airtel carries.
extension AirtelMoneyProvider {
    /// Sends with a bearer token, fetching one if needed; a 401 drops that token and the call is sent once more with
    /// a fresh one. A second 401 is the auth layer refusing the application: nothing was processed.
    ///
    /// A `body` is signed (`x-signature`, `x-key`) when the configuration uses v2.
    func authorizedSend(_ method: String, _ path: String, body: Data?, operation: String,
                        context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        let first = try await token(context: context)
        let response = try await send(method, path, body: body, token: first, operation: operation, context: context)
        guard response.status == 401 else { return response }
        await tokens.invalidate(first)
        let fresh = try await token(context: context)
        let retried = try await send(method, path, body: body, token: fresh, operation: operation, context: context)
        guard retried.status != 401 else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): not authorised (HTTP 401)")
        }
        return retried
    }

    func send(_ method: String, _ path: String, body: Data?, token: String, operation: String,
              context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        var request = HTTPRequest(method: method, url: configuration.baseURL + path, body: body,
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        request.headers = [("Accept", "*/*"), ("Authorization", "Bearer " + token), ("X-Country", configuration.country),
                           ("X-Currency", configuration.currency.code)]
        if let body {
            request.headers.append(("Content-Type", "application/json"))
            if configuration.apiVersion == .v2 {
                let signed = try signature(for: body, operation: operation)
                request.headers += [("x-signature", signed.signature), ("x-key", signed.key)]
            }
        }
        do { return try await context.transport.send(request) } catch {
            throw ProviderError(error, provider: id, operation: operation)
        }
    }

    /// The RSA key's encryption, or `.notSent`: without it no signed body or PIN can leave.
    func encryption(operation: String) throws(ProviderError) -> AirtelMoneyEncryption {
        guard let key = configuration.encryptionKey else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): no encryption_public_key is configured")
        }
        return AirtelMoneyEncryption(publicKey: key)
    }

    func signature(for body: Data, operation: String) throws(ProviderError) -> (signature: String, key: String) {
        let encryption = try encryption(operation: operation)
        do { return try encryption.signature(for: Array(body)) } catch {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): cannot sign the request (\(error))")
        }
    }

    /// A cached or fresh access token. Token failures happen before any payment request: not sent.
    func token(context: ProviderContext) async throws(ProviderError) -> String {
        try await tokens.token(now: context.now()) { () async throws(ProviderError) -> AirtelMoneyToken in
            try await fetchToken(context: context)
        }
    }

    /// `POST /auth/oauth2/token` with the client credentials as JSON.
    func fetchToken(context: ProviderContext) async throws(ProviderError) -> AirtelMoneyToken {
        let body = AirtelMoneyJSON { json in
            json.string("client_id", configuration.clientID)
            json.string("client_secret", configuration.clientSecret)
            json.string("grant_type", "client_credentials")
        }
        let request = HTTPRequest(method: "POST", url: configuration.baseURL + "/auth/oauth2/token",
                                  headers: [("Content-Type", "application/json"), ("Accept", "*/*")], body: body.data,
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        let response: HTTPResponse
        do { response = try await context.transport.send(request) } catch {
            throw ProviderError(.notSent, provider: id, reason: "token: \(error.reason)")
        }
        guard response.status == 200, let token = try? JSONDecoder().decode(AirtelMoneyToken.self, from: response.body),
              !token.accessToken.isEmpty else {
            throw ProviderError(.notSent, provider: id, reason: "token: HTTP \(response.status)")
        }
        return token
    }
}
