import Foundation
import Hub

/// Stripe card top-ups and their refunds. A top-up is one PaymentIntent created and confirmed in the same
/// request (`confirm=true`) with the card's PaymentMethod token; a refund is one Refund of that intent.
///
/// The attempt reference is the `Idempotency-Key` (Stripe replays its first answer to a repeat, 5xx included)
/// and `metadata[reference]`, by which `status(of:)` finds an intent whose id the hub never learnt.
/// Stripe takes no withdrawals in this hub: `capabilities` leave `.payout` out.
public struct StripeProvider: RefundingProvider {
    public let id: ProviderID
    public let configuration: StripeConfiguration
    /// Built once, with its verifier, when the adapter is: not for every webhook.
    private let handler: StripeNotifications

    public init(id: ProviderID = "stripe", configuration: StripeConfiguration) {
        self.id = id
        self.configuration = configuration
        self.handler = StripeNotifications(secrets: configuration.webhookSecrets)
    }

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect, .refund], methods: [.card], countries: configuration.countries,
                             currencies: configuration.currencies, expectedCallbackSeconds: configuration.expectedCallbackSeconds,
                             idempotencyWindow: Self.idempotencyWindow)
    }

    /// Stripe keeps an idempotency key at least 24 hours (docs.stripe.com/api/idempotent_requests); a request
    /// repeated later with the same key may be executed again.
    static let idempotencyWindow: TimeInterval = 24 * 3600

    public var notifications: (any NotificationHandler)? { handler }

    /// Creates and confirms a PaymentIntent. `amount` is sent in minor units, which is Stripe's "smallest
    /// currency unit" for every currency this adapter takes.
    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard case .card(let paymentMethod) = request.payer else {
            throw ProviderError(.notSent, provider: id, reason: "collect: stripe takes card payment methods only")
        }
        var form = StripeForm()
        form.append("amount", String(request.amount.minorUnits))
        form.append("currency", request.amount.currency.code.lowercased())
        form.append("payment_method", paymentMethod)
        form.append("payment_method_types[0]", "card")
        form.append("confirm", "true")
        form.append("description", request.description)
        form.appendMetadata(["reference": request.reference, "payment_id": request.paymentID.rawValue])
        let response = try await send("POST", "/v1/payment_intents", form: form, idempotencyKey: request.reference,
                                      operation: "collect", context: context)
        guard response.status == 200 else { return try refusal(response, operation: "collect") }
        return try intentResult(response.body, operation: "collect")
    }

    /// Retrieves the intent by id when the hub has it; otherwise searches for `metadata['reference']`.
    ///
    /// Stripe's search is eventually consistent (usually under a minute behind), so an intent not found yet is
    /// ambiguous, never failed: the poller asks again, and past its deadline the payment goes to review.
    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard attempt.kind == .topUp else { throw ProviderError(.notSent, provider: id, reason: "stripe takes no payouts") }
        if let intentID = attempt.providerTransactionID {
            let response = try await send("GET", "/v1/payment_intents/" + StripeForm.escape(intentID), form: nil,
                                          idempotencyKey: nil, operation: "status", context: context)
            guard response.status == 200 else { throw unanswered(response, operation: "status") }
            return try intentResult(response.body, operation: "status")
        }
        let query = "metadata['reference']:'\(Self.quoted(attempt.reference))'"
        let response = try await send("GET", "/v1/payment_intents/search?query=" + StripeForm.escape(query), form: nil,
                                      idempotencyKey: nil, operation: "status search", context: context)
        guard response.status == 200 else { throw unanswered(response, operation: "status search") }
        guard let found = try? JSONDecoder().decode(StripeSearchResult.self, from: response.body) else {
            throw ProviderError(.ambiguous, provider: id, reason: "status search: unreadable answer")
        }
        guard found.data.count == 1, let result = found.data[0].result() else {
            throw ProviderError(.ambiguous, provider: id, reason: found.data.isEmpty
                ? "status search: no PaymentIntent carries the reference yet"
                : "status search: \(found.data.count) PaymentIntents, or an unknown status")
        }
        return result
    }

    /// Refunds part or all of a succeeded PaymentIntent. Needs the intent's id: without it nothing is sent.
    public func refund(_ request: RefundRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let intentID = request.originalProviderTransactionID else {
            throw ProviderError(.notSent, provider: id, reason: "refund: the PaymentIntent id is unknown")
        }
        var form = StripeForm()
        form.append("payment_intent", intentID)
        form.append("amount", String(request.amount.minorUnits))
        form.appendMetadata(["reference": request.reference, "payment_id": request.paymentID.rawValue,
                             "original_reference": request.originalReference])
        let response = try await send("POST", "/v1/refunds", form: form, idempotencyKey: request.reference,
                                      operation: "refund", context: context)
        guard response.status == 200 else { return try refusal(response, operation: "refund") }
        guard let refund = try? JSONDecoder().decode(StripeRefund.self, from: response.body), let result = refund.result() else {
            throw ProviderError(.ambiguous, provider: id, reason: "refund: unreadable answer")
        }
        return result
    }

    /// Reads a refund by its id (`GET /v1/refunds/{id}`). Without the id there is nothing to ask: the hub sends
    /// the refund again under its idempotency key instead, which Stripe answers with the refund it made.
    public func refundStatus(of refund: RefundLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let refundID = refund.providerRefundID else {
            throw ProviderError(.ambiguous, provider: id, reason: "refund status: the Refund id is unknown")
        }
        let response = try await send("GET", "/v1/refunds/" + Self.quoted(refundID), form: nil, idempotencyKey: nil,
                                      operation: "refund status", context: context)
        guard response.status == 200 else { throw unanswered(response, operation: "refund status") }
        guard let body = try? JSONDecoder().decode(StripeRefund.self, from: response.body), let result = body.result() else {
            throw ProviderError(.ambiguous, provider: id, reason: "refund status: unreadable answer")
        }
        return result
    }

    func intentResult(_ body: Data, operation: String) throws(ProviderError) -> ProviderResult {
        guard let intent = try? JSONDecoder().decode(StripePaymentIntent.self, from: body), let result = intent.result() else {
            throw ProviderError(.ambiguous, provider: id, reason: "\(operation): unreadable PaymentIntent")
        }
        return result
    }

    /// A non-200 answer to a create request: a definite failure when Stripe says it refused the payment or the
    /// request, thrown and classified otherwise.
    ///
    /// `idempotency_error` means the key was used before with other parameters: an earlier request of ours
    /// exists and may have moved money, so it is ambiguous and the status query settles it.
    func refusal(_ response: HTTPResponse, operation: String) throws(ProviderError) -> ProviderResult {
        if let error = try? JSONDecoder().decode(StripeErrorBody.self, from: response.body).error {
            switch (response.status, error.type) {
            case (402, "card_error"):
                return .failed(error.failure)
            case (400, "invalid_request_error"):
                return .failed(PaymentFailure(reason: .invalidRequest, providerCode: error.code ?? error.type,
                                              message: "the provider refused the request as invalid"))
            default:
                break
            }
        }
        if response.status == 404 { throw ProviderError(.notSent, provider: id, reason: "\(operation): HTTP 404") }
        throw unanswered(response, operation: operation)
    }

    /// Classifies an answer that is not a result. Stripe processes nothing it rejects for authentication (401,
    /// 403) or rate limiting (429); anything else (409 for a concurrent request with the same key, 5xx, an
    /// `idempotency_error`, an unreadable body) may follow a request that moved money.
    func unanswered(_ response: HTTPResponse, operation: String) -> ProviderError {
        switch response.status {
        case 401, 403, 429: ProviderError(.notSent, provider: id, reason: "\(operation): HTTP \(response.status)")
        default: ProviderError(.ambiguous, provider: id, reason: "\(operation): HTTP \(response.status)")
        }
    }

    func send(_ method: String, _ path: String, form: StripeForm?, idempotencyKey: String?, operation: String,
              context: ProviderContext) async throws(ProviderError) -> HTTPResponse {
        var request = HTTPRequest(method: method, url: configuration.baseURL + path, body: form?.data,
                                  connectTimeout: configuration.connectTimeout, timeout: configuration.timeout)
        request.headers = [("Authorization", "Bearer " + configuration.secretKey)]
        if form != nil { request.headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        if let idempotencyKey { request.headers.append(("Idempotency-Key", idempotencyKey)) }
        if let apiVersion = configuration.apiVersion { request.headers.append(("Stripe-Version", apiVersion)) }
        do { return try await context.transport.send(request) } catch {
            throw ProviderError(error, provider: id, operation: operation)
        }
    }

    /// A value inside single quotes in Stripe's search query language: quotes and backslashes are escaped.
    static func quoted(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}
