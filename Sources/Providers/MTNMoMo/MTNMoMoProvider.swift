import Foundation
import Hub

/// MTN MoMo Open API: top-ups through Collections (`requesttopay`), withdrawals through Disbursements
/// (`transfer`). The attempt reference is sent as `X-Reference-Id` (a UUIDv4) and as `externalId`.
///
/// MoMo answers 202 with an empty body and reports the outcome later, by callback or status query. Its
/// callbacks are unsigned, so `MTNMoMoNotifications` only reads them as hints.
public struct MTNMoMoProvider: PayingProvider {
    public let id: ProviderID
    public let configuration: MTNMoMoConfiguration
    let tokens = MoMoTokenCache()

    public init(id: ProviderID = "mtn-momo", configuration: MTNMoMoConfiguration) {
        self.id = id
        self.configuration = configuration
    }

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect, .payout, .refund, .lookup], methods: [.mobileMoney], countries: configuration.countries,
                             currencies: configuration.currencies, expectedCallbackSeconds: configuration.expectedCallbackSeconds)
    }

    public var notifications: (any NotificationHandler)? { MTNMoMoNotifications() }

    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        try await submit(product: .collection, reference: request.reference, amount: request.amount,
                         party: request.payer, callbackURL: request.callbackURL, note: request.description, context: context)
    }

    public func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        try await submit(product: .disbursement, reference: request.reference, amount: request.amount,
                         party: request.payee, callbackURL: request.callbackURL, note: request.description, context: context)
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let product: Product = attempt.kind == .topUp ? .collection : .disbursement
        let response = try await authorizedSend(product: product, method: "GET", path: product.path + "/" + attempt.reference,
                                                headers: [], body: nil, context: context)
        switch response.status {
        case 200:
            guard let body = try? JSONDecoder().decode(MoMoTransactionStatus.self, from: response.body), let result = body.result() else {
                throw ProviderError(.ambiguous, provider: id, reason: "status: unreadable answer")
            }
            return result
        case 404:
            // Unknown to MoMo. Soon after the request last left that only means "not visible yet". Long after it,
            // an unapproved collection has expired, so nothing moved and the top-up fails; a transfer needs no
            // approval and may have paid out before the record went missing, so it goes to an operator instead.
            guard let sentAt = attempt.sentAt,
                  context.now().timeIntervalSince(sentAt) > TimeInterval(configuration.notFoundGraceSeconds) else {
                throw ProviderError(.ambiguous, provider: id, reason: "status: reference not found")
            }
            guard product == .collection else {
                throw ProviderError.needsReview(provider: id, reason: "status: transfer unknown to the provider "
                                                + "\(configuration.notFoundGraceSeconds) s after it was sent")
            }
            return .failed(PaymentFailure(reason: .providerError, providerCode: "RESOURCE_NOT_FOUND",
                                          message: "the provider has no record of the payment"))
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "status: HTTP \(response.status)")
        }
    }

    enum Product: String {
        case collection, disbursement
        var path: String { self == .collection ? "/collection/v1_0/requesttopay" : "/disbursement/v1_0/transfer" }
    }

    func submit(product: Product, reference: String, amount: Money, party: Counterparty, callbackURL: String?,
                note: String, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let msisdn = party.msisdn else { throw ProviderError(.notSent, provider: id, reason: "MoMo pays mobile numbers only") }
        let body = MoMoPaymentRequest(
            amount: amount.compactDecimalString, currency: amount.currency.code, externalId: reference,
            payer: product == .collection ? .msisdn(msisdn.digits) : nil,
            payee: product == .disbursement ? .msisdn(msisdn.digits) : nil,
            payerMessage: note, payeeNote: note)
        let encoded: Data
        do { encoded = try JSONEncoder().encode(body) } catch { throw ProviderError(.notSent, provider: id, reason: "cannot encode request") }
        var headers = [("X-Reference-Id", reference), ("Content-Type", "application/json")]
        if let callbackURL { headers.append(("X-Callback-Url", callbackURL)) }
        let response = try await authorizedSend(product: product, method: "POST", path: product.path, headers: headers,
                                                body: encoded, context: context)
        switch response.status {
        case 202:
            return .pending(providerTransactionID: nil)
        case 409:
            // Our reference is already there: the first request got through. Its status tells the rest.
            return try await status(of: AttemptLookup(kind: product == .collection ? .topUp : .withdrawal, reference: reference,
                                                      providerTransactionID: nil), context: context)
        case 400:
            let error = try? JSONDecoder().decode(MoMoErrorBody.self, from: response.body)
            return .failed(PaymentFailure(reason: .invalidRequest, providerCode: error?.code ?? "BAD_REQUEST",
                                          message: "the provider refused the request as invalid"))
        case 401, 403:
            throw ProviderError(.notSent, provider: id, reason: "\(product.rawValue): not authorised (HTTP \(response.status))")
        default:
            throw ProviderError(.ambiguous, provider: id, reason: "\(product.rawValue): HTTP \(response.status)")
        }
    }

    /// Sends with a bearer token, fetching one if needed, and refreshing it once if the answer is 401.
    func authorizedSend(product: Product, method: String, path: String, headers: [(String, String)], body: Data?,
                        context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        var response = try await send(product: product, method: method, path: path, headers: headers, body: body,
                                      token: try await token(product, context: context), context: context)
        if response.status == 401 {
            await tokens.invalidate(product.rawValue)
            response = try await send(product: product, method: method, path: path, headers: headers, body: body,
                                      token: try await token(product, context: context), context: context)
        }
        return response
    }

    func send(product: Product, method: String, path: String, headers: [(String, String)], body: Data?, token: String,
              context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        let credentials = product == .collection ? configuration.collection : configuration.disbursement
        var request = HTTPRequest(method: method, url: configuration.baseURL + path, body: body,
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        request.headers = [("Authorization", "Bearer " + token), ("X-Target-Environment", configuration.targetEnvironment),
                           ("Ocp-Apim-Subscription-Key", credentials.subscriptionKey)] + headers.map { (name: $0.0, value: $0.1) }
        do { return try await context.transport.send(request) } catch {
            throw ProviderError(error, provider: id, operation: "\(product.rawValue) \(method)")
        }
    }

    /// A cached or fresh access token. Token failures happen before any payment request: not sent.
    func token(_ product: Product, context: ProviderContext) async throws(ProviderError) -> String {
        if let token = await tokens.token(for: product.rawValue, now: context.now()) { return token }
        let credentials = product == .collection ? configuration.collection : configuration.disbursement
        let basic = Data("\(credentials.apiUser):\(credentials.apiKey)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: configuration.baseURL + "/\(product.rawValue)/token/",
            headers: [("Authorization", "Basic " + basic), ("Ocp-Apim-Subscription-Key", credentials.subscriptionKey)],
            connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        let response: HTTPResponse
        do { response = try await context.transport.send(request) } catch {
            throw ProviderError(.notSent, provider: id, reason: "\(product.rawValue) token: \(error.reason)")
        }
        guard response.status == 200, let token = try? JSONDecoder().decode(MoMoToken.self, from: response.body) else {
            throw ProviderError(.notSent, provider: id, reason: "\(product.rawValue) token: HTTP \(response.status)")
        }
        await tokens.store(token.accessToken, for: product.rawValue, expiresIn: token.expiresIn, now: context.now())
        return token.accessToken
    }
}
