import Foundation
import Hub

/// Safaricom's Daraja API for the hub: top-ups by STK push (M-Pesa Express), withdrawals by B2C v3.
///
/// - Top-up: `POST /mpesa/stkpush/v1/processrequest` prompts the payer's phone. Daraja knows the push by the
///   CheckoutRequestID it answers with (our reference does not fit `AccountReference`), which is returned as the
///   pending provider transaction id so that the hub stores it before anything else happens. Its outcome comes by
///   callback (a hint) and by `POST /mpesa/stkpushquery/v1/query`.
/// - Withdrawal: see `MPesaProvider+Payouts.swift`.
/// - Amounts are whole units (`granularity`): a KES amount with cents is refused at routing, never rounded.
/// - STK push has no idempotency key, so a push is never sent twice: a payment whose push's answer was lost (a crash,
///   a timeout) stays pending and goes to review, where an operator finds it on the M-Pesa statement by its
///   `AccountReference`. A second push could charge the payer twice: the "repeat within two minutes" refusal some
///   integrators describe is not in Safaricom's documentation, and result 17 is read elsewhere as an internal failure.
/// - `idempotencyWindow` is B2C's: a withdrawal is resent under the same `OriginatorConversationID`, which Daraja
///   refuses to see twice; two minutes is a conservative bound on how long it remembers one.
public struct MPesaProvider: PayingProvider {
    public let id: ProviderID
    public let configuration: MPesaConfiguration
    let tokens = MPesaTokenCache()

    public init(id: ProviderID = "mpesa", configuration: MPesaConfiguration) {
        self.id = id
        self.configuration = configuration
    }

    /// Seconds within which a B2C resend under the same OriginatorConversationID is refused as a duplicate.
    static let resendWindow: TimeInterval = 120

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect, .payout], methods: [.mobileMoney], countries: configuration.countries,
                             currencies: configuration.currencies,
                             granularity: Dictionary(uniqueKeysWithValues: configuration.currencies.map { ($0, Self.unit(of: $0)) }),
                             expectedCallbackSeconds: configuration.expectedCallbackSeconds, idempotencyWindow: Self.resendWindow)
            .withoutTopUpResends
    }

    public var notifications: (any NotificationHandler)? { MPesaNotifications() }

    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        let phone = try kenyanNumber(request.payer, operation: "stk push")
        let amount = try wholeUnits(request.amount, operation: "stk push")
        guard let callbackURL = request.callbackURL else {
            throw ProviderError(.notSent, provider: id, reason: "stk push: Daraja needs a CallBackURL and the hub has no public address")
        }
        if request.isResend {
            // The first push may have reached the payer; a second could charge them twice.
            throw ProviderError(.ambiguous, provider: id,
                                reason: "stk push not sent again: the first may have reached the payer and Daraja has no idempotency key")
        }
        let timestamp = MPesaPassword.timestamp(context.now())
        let body = MPesaSTKPushRequest(
            businessShortCode: configuration.shortcode,
            password: MPesaPassword.password(shortcode: configuration.shortcode, passkey: configuration.passkey, timestamp: timestamp),
            timestamp: timestamp, transactionType: configuration.transactionType.rawValue, amount: amount, partyA: phone,
            partyB: configuration.pushPartyB, phoneNumber: phone, callBackURL: callbackURL,
            accountReference: Self.accountReference(request.reference), transactionDesc: Self.transactionDescription(request.description))
        let response = try await authorizedSend(path: "/mpesa/stkpush/v1/processrequest", body: body, operation: "stk push",
                                                context: context)
        guard (200..<300).contains(response.status) else { return try refusal(response, operation: "stk push") }
        guard let answer = try? JSONDecoder().decode(MPesaSTKPushAnswer.self, from: response.body),
              let code = answer.responseCode?.text else {
            throw ProviderError(.ambiguous, provider: id, reason: "stk push: unreadable answer")
        }
        guard code == "0" else {
            return .failed(PaymentFailure(reason: .providerError, providerCode: String(code.prefix(32)),
                                          message: "M-Pesa did not accept the prompt"))
        }
        guard let checkoutRequestID = answer.checkoutRequestID, !checkoutRequestID.isEmpty else {
            throw ProviderError(.ambiguous, provider: id, reason: "stk push: accepted without a CheckoutRequestID")
        }
        return .pending(providerTransactionID: checkoutRequestID)
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        switch attempt.kind {
        case .topUp: try await pushStatus(attempt, context: context)
        case .withdrawal: try await payoutStatus(attempt, context: context)
        }
    }

    /// The STK query by CheckoutRequestID. Without one (the push's answer was lost) nothing can ask Daraja: its
    /// callback names only the CheckoutRequestID, so an operator must settle the payment from the M-Pesa statement,
    /// where `AccountReference` carries the start of our reference.
    func pushStatus(_ attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        guard let checkoutRequestID = attempt.providerTransactionID, !checkoutRequestID.isEmpty else {
            throw ProviderError.needsReview(provider: id,
                                            reason: "stk query: no CheckoutRequestID was stored; Daraja cannot be asked by our reference")
        }
        let timestamp = MPesaPassword.timestamp(context.now())
        let body = MPesaSTKQueryRequest(
            businessShortCode: configuration.shortcode,
            password: MPesaPassword.password(shortcode: configuration.shortcode, passkey: configuration.passkey, timestamp: timestamp),
            timestamp: timestamp, checkoutRequestID: checkoutRequestID)
        let response = try await authorizedSend(path: "/mpesa/stkpushquery/v1/query", body: body, operation: "stk query", context: context)
        let error = try? JSONDecoder().decode(MPesaErrorBody.self, from: response.body)
        if Self.isBeingProcessed(error) { return .pending(providerTransactionID: checkoutRequestID) }
        guard (200..<300).contains(response.status),
              let answer = try? JSONDecoder().decode(MPesaSTKQueryAnswer.self, from: response.body) else {
            throw ProviderError(.ambiguous, provider: id,
                                reason: "stk query: HTTP \(response.status) \(error?.errorCode?.prefix(32) ?? "")")
        }
        guard let code = answer.resultCode?.text else {
            guard answer.responseCode?.text == "0" else {
                throw ProviderError(.ambiguous, provider: id, reason: "stk query: no ResultCode")
            }
            return .pending(providerTransactionID: checkoutRequestID)
        }
        guard let result = MPesaSTKResultCode.result(code, checkoutRequestID: checkoutRequestID) else {
            context.logger.warning("unknown STK ResultCode, payment left pending",
                                   metadata: ["provider": "\(id)", "code": "\(code.prefix(32))"])
            return .pending(providerTransactionID: checkoutRequestID)
        }
        return result
    }

    /// "The transaction is being processed" (`500.001.1001`): the customer has not answered yet.
    static func isBeingProcessed(_ error: MPesaErrorBody?) -> Bool {
        error?.errorCode == "500.001.1001" && error?.errorMessage?.lowercased().contains("being processed") == true
    }
}
