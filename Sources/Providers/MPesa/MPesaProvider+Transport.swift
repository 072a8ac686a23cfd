import Foundation
import Hub

/// How the adapter talks to Daraja: a bearer token from `/oauth/v1/generate`, JSON bodies, and one classification
/// of refusals.
extension MPesaProvider {
    /// Posts `body` with the cached token. A refused token (HTTP 401, or Daraja's "Invalid Access Token" codes) is
    /// dropped and the request sent once more with a fresh one: the gateway refused it before anything was processed.
    func authorizedSend(path: String, body: some Encodable, operation: String,
                        context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let encoded: Data
        do { encoded = try encoder.encode(body) } catch {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): cannot encode request")
        }
        var token = try await token(context)
        var response = try await post(path, body: encoded, token: token, operation: operation, context: context)
        guard Self.refusesToken(response) else { return response }
        await tokens.invalidate(token)
        token = try await self.token(context)
        response = try await post(path, body: encoded, token: token, operation: operation, context: context)
        guard !Self.refusesToken(response) else {
            throw ProviderError(.notSent, provider: id,
                                reason: "\(operation): Daraja refused a fresh access token (HTTP \(response.status))")
        }
        return response
    }

    func post(_ path: String, body: Data, token: String, operation: String,
              context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        let request = HTTPRequest(method: "POST", url: configuration.baseURL + path,
                                  headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
                                            ("Accept", "application/json")],
                                  body: body, connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        do { return try await context.transport.send(request) } catch { throw ProviderError(error, provider: id, operation: operation) }
    }

    /// A cached or fresh access token. Token failures happen before any payment request: not sent.
    func token(_ context: ProviderContext) async throws(ProviderError) -> String {
        try await tokens.token(now: context.now()) { () async throws(ProviderError) in try await fetchToken(context) }
    }

    func fetchToken(_ context: ProviderContext) async throws(ProviderError) -> (token: String, lifetime: Int) {
        let basic = Data("\(configuration.consumerKey):\(configuration.consumerSecret)".utf8).base64EncodedString()
        let request = HTTPRequest(method: "GET", url: configuration.baseURL + "/oauth/v1/generate?grant_type=client_credentials",
                                  headers: [("Authorization", "Basic " + basic), ("Accept", "application/json")],
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        let response: HTTPResponse
        do { response = try await context.transport.send(request) } catch {
            throw ProviderError(.notSent, provider: id, reason: "token: \(error.reason)")
        }
        guard response.status == 200, let token = try? JSONDecoder().decode(MPesaAccessToken.self, from: response.body),
              !token.accessToken.isEmpty else {
            let code = (try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body))?.errorCode ?? ""
            throw ProviderError(.notSent, provider: id, reason: "token: HTTP \(response.status) \(code.prefix(32))")
        }
        return (token.accessToken, token.lifetime)
    }

    /// Daraja's refusals of a bearer token: HTTP 401, `404.001.03` (M-Pesa Express, answered with HTTP 404),
    /// `400.003.01` (Transaction Status) and `401.002.01`.
    static func refusesToken(_ response: HTTPResponse) -> Bool {
        if response.status == 401 { return true }
        guard (400..<500).contains(response.status),
              let error = try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body) else { return false }
        return ["404.001.03", "400.003.01", "401.002.01"].contains(error.errorCode ?? "")
            || error.errorMessage?.lowercased().contains("invalid access token") == true
    }

    /// A refusal that is not about the token. A 400 (`400.002.02` "Bad Request - Invalid …", `400.002.05` "Invalid
    /// Request Payload") is Daraja processing nothing it found invalid: a definite failure with its `errorCode`. 403,
    /// 404 (a wrong path), 405 and 429 were refused before any processing: not sent. Anything else, every 5xx included
    /// (Daraja's `500.001.1001` covers both refusals and "being processed"), may follow a request that acted: ambiguous.
    func refusal(_ response: HTTPResponse, operation: String) throws(ProviderError) -> ProviderResult {
        let error = try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body)
        let code = String((error?.errorCode ?? "").prefix(32))
        switch response.status {
        case 400:
            return .failed(PaymentFailure(reason: .invalidRequest, providerCode: code.isEmpty ? "400" : code,
                                          message: "M-Pesa refused the request as invalid"))
        case 403, 404, 405, 429:
            throw ProviderError(.notSent, provider: id, reason: "\(operation): HTTP \(response.status) \(code)")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): HTTP \(response.status) \(code)")
        }
    }

    /// The party as Daraja wants it: 12 digits, `2547…` or `2541…`. Any other number cannot be an M-Pesa Kenya
    /// wallet, so nothing is sent and the hub may try another provider.
    func kenyanNumber(_ party: Counterparty, operation: String) throws(ProviderError) -> String {
        guard let digits = party.msisdn?.digits, digits.count == 12, digits.hasPrefix("2547") || digits.hasPrefix("2541") else {
            throw ProviderError(.notSent, provider: id, reason: "\(operation): M-Pesa pays Kenyan mobile numbers (2547…, 2541…) only")
        }
        return digits
    }

    /// The amount in whole units of its currency. Routing refuses any other amount (`granularity`); one that gets
    /// here anyway is not sent rather than rounded.
    func wholeUnits(_ amount: Money, operation: String) throws(ProviderError) -> Int64 {
        let unit = Self.unit(of: amount.currency)
        guard amount.minorUnits % unit == 0 else {
            throw ProviderError(.notSent, provider: id,
                                reason: "\(operation): M-Pesa moves whole units only; \(amount) would need rounding")
        }
        return amount.minorUnits / unit
    }

    /// Minor units in one major unit: 100 for KES.
    static func unit(of currency: Currency) -> Int64 {
        (0..<currency.exponent).reduce(Int64(1)) { value, _ in value * 10 }
    }

    /// `AccountReference` (at most 12 characters, shown in the prompt and on the M-Pesa statement): the first 12
    /// letters and digits of our reference, in capitals, so an operator can find the payment from the statement.
    static func accountReference(_ reference: String) -> String {
        let characters = reference.unicodeScalars.filter {
            ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
        }
        let text = String(String.UnicodeScalarView(characters.prefix(12))).uppercased()
        return text.isEmpty ? "MILIANO" : text
    }

    /// `TransactionDesc` (at most 13 characters): the description cut at a word boundary ("Miliano top-up" →
    /// "Miliano").
    static func transactionDescription(_ description: String) -> String {
        guard description.count > 13 else { return description.isEmpty ? "Payment" : description }
        let head = description.prefix(13)
        guard description.dropFirst(13).first != " ", let space = head.lastIndex(of: " "), space > head.startIndex else {
            return String(head)
        }
        return String(head[..<space])
    }
}
