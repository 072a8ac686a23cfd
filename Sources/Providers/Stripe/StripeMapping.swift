import Hub

/// Stripe's PaymentIntent and Refund statuses and its card decline codes, each mapped once and exhaustively to
/// the hub's vocabulary.
enum StripeIntentStatus: String, CaseIterable {
    case requiresPaymentMethod = "requires_payment_method"
    case requiresConfirmation = "requires_confirmation"
    case requiresAction = "requires_action"
    case processing
    case requiresCapture = "requires_capture"
    case canceled
    case succeeded
}

enum StripeRefundStatus: String, CaseIterable {
    case pending
    case requiresAction = "requires_action"
    case succeeded
    case failed
    case canceled
}

extension StripePaymentIntent {
    /// The hub's result for an intent. An unknown status is not a result: the caller treats it as ambiguous.
    ///
    /// `requires_payment_method` on an intent created with `confirm=true` means its confirmation failed: the
    /// payment method was declined (`last_payment_error` says why) and nothing was taken.
    func result() -> ProviderResult? {
        guard let status = StripeIntentStatus(rawValue: status) else { return nil }
        switch status {
        case .succeeded:
            return .succeeded(providerTransactionID: id)
        case .processing, .requiresAction, .requiresConfirmation, .requiresCapture:
            return .pending(providerTransactionID: id)
        case .requiresPaymentMethod:
            return .failed(lastPaymentError?.failure ?? StripeCardFailure.unrecognized("requires_payment_method").failure)
        case .canceled:
            return .failed(StripeIntentStatus.canceledFailure)
        }
    }
}

extension StripeIntentStatus {
    static let canceledFailure = PaymentFailure(reason: .cancelled, providerCode: "canceled",
                                                message: FailureReason.cancelled.stripeMessage)
}

extension StripeRefund {
    /// The hub's result for a refund. An unknown status is not a result: the caller treats it as ambiguous.
    func result() -> ProviderResult? {
        guard let status = StripeRefundStatus(rawValue: status) else { return nil }
        switch status {
        case .succeeded:
            return .succeeded(providerTransactionID: id)
        case .pending, .requiresAction:
            return .pending(providerTransactionID: id)
        case .failed:
            let code = failureReason ?? "failed"
            return .failed(PaymentFailure(reason: .declined, providerCode: code, message: "the refund could not be completed"))
        case .canceled:
            return .failed(PaymentFailure(reason: .cancelled, providerCode: "canceled", message: "the refund was cancelled"))
        }
    }
}

extension StripeError {
    /// A card failure from its most specific code: the decline code when the issuer gave one, else the error code.
    var failure: PaymentFailure {
        StripeCardFailure(code: declineCode ?? code ?? type).failure
    }
}

/// A card failure code: one Stripe documents, or one this adapter has never seen.
enum StripeCardFailure: Equatable {
    case known(StripeDeclineCode)
    /// Kept verbatim for operators; read as a decline.
    case unrecognized(String)

    init(code: String) {
        self = StripeDeclineCode(rawValue: code).map(Self.known) ?? .unrecognized(code)
    }

    var code: String {
        switch self {
        case .known(let known): known.rawValue
        case .unrecognized(let code): code
        }
    }

    var failureReason: FailureReason {
        switch self {
        case .known(let known): known.failureReason
        case .unrecognized: .declined
        }
    }

    var failure: PaymentFailure {
        PaymentFailure(reason: failureReason, providerCode: code, message: failureReason.stripeMessage)
    }
}

extension FailureReason {
    /// A message safe to show the customer, worded for a card payment.
    var stripeMessage: String {
        switch self {
        case .insufficientFunds: "the card has insufficient funds"
        case .accountNotFound: "the card's account is invalid"
        case .limitExceeded: "the card's limit was reached"
        case .declined: "the card was declined"
        case .notApproved: "the payment was not approved"
        case .expired: "the card has expired"
        case .cancelled: "the payment was cancelled"
        case .notAllowed: "the card does not support this payment"
        case .invalidRequest: "the card details are incorrect"
        case .providerError: "the card payment could not be processed"
        case .providerUnavailable: "the card provider is unavailable"
        case .authenticationRequired: "the card needs the customer's authentication"
        case .resolvedByOperator: "the payment was settled by an operator"
        }
    }
}
