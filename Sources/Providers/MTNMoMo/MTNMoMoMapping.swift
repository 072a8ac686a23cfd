import Hub

/// MoMo's transaction statuses and `ErrorReason` codes, mapped once and exhaustively to the hub's vocabulary.
enum MoMoStatus: String {
    case pending = "PENDING"
    case successful = "SUCCESSFUL"
    case failed = "FAILED"
}

enum MoMoErrorReason: Equatable {
    case payeeNotFound, payerNotFound, notAllowed, notAllowedTargetEnvironment, invalidCallbackURLHost
    case invalidCurrency, serviceUnavailable, internalProcessingError, notEnoughFunds, payerLimitReached
    case payeeNotAllowedToReceive, paymentNotApproved, resourceNotFound, approvalRejected, expired
    case transactionCanceled, resourceAlreadyExist, couldNotPerformTransaction
    /// A code this adapter has never seen: kept verbatim for operators.
    case unrecognized(String)

    init(code: String) {
        self = switch code {
        case "PAYEE_NOT_FOUND": .payeeNotFound
        case "PAYER_NOT_FOUND": .payerNotFound
        case "NOT_ALLOWED": .notAllowed
        case "NOT_ALLOWED_TARGET_ENVIRONMENT": .notAllowedTargetEnvironment
        case "INVALID_CALLBACK_URL_HOST": .invalidCallbackURLHost
        case "INVALID_CURRENCY": .invalidCurrency
        case "SERVICE_UNAVAILABLE": .serviceUnavailable
        case "INTERNAL_PROCESSING_ERROR": .internalProcessingError
        case "NOT_ENOUGH_FUNDS": .notEnoughFunds
        case "PAYER_LIMIT_REACHED": .payerLimitReached
        case "PAYEE_NOT_ALLOWED_TO_RECEIVE": .payeeNotAllowedToReceive
        case "PAYMENT_NOT_APPROVED": .paymentNotApproved
        case "RESOURCE_NOT_FOUND": .resourceNotFound
        case "APPROVAL_REJECTED": .approvalRejected
        case "EXPIRED": .expired
        case "TRANSACTION_CANCELED": .transactionCanceled
        case "RESOURCE_ALREADY_EXIST": .resourceAlreadyExist
        case "COULD_NOT_PERFORM_TRANSACTION": .couldNotPerformTransaction
        default: .unrecognized(code)
        }
    }

    var failureReason: FailureReason {
        switch self {
        case .payeeNotFound, .payerNotFound: .accountNotFound
        case .notAllowed, .notAllowedTargetEnvironment, .payeeNotAllowedToReceive: .notAllowed
        case .invalidCallbackURLHost, .invalidCurrency: .invalidRequest
        case .serviceUnavailable, .internalProcessingError, .resourceNotFound, .resourceAlreadyExist, .unrecognized: .providerError
        case .notEnoughFunds: .insufficientFunds
        case .payerLimitReached: .limitExceeded
        case .paymentNotApproved, .couldNotPerformTransaction: .notApproved
        case .approvalRejected: .declined
        case .expired: .expired
        case .transactionCanceled: .cancelled
        }
    }

    var message: String {
        switch self {
        case .payeeNotFound: "the payee's account was not found"
        case .payerNotFound: "the payer's account was not found"
        case .notAllowed: "the operation is not allowed"
        case .notAllowedTargetEnvironment: "the target environment is not allowed"
        case .invalidCallbackURLHost: "the callback host is not registered"
        case .invalidCurrency: "the currency is not supported"
        case .serviceUnavailable: "the provider is unavailable"
        case .internalProcessingError: "the provider failed to process the payment"
        case .notEnoughFunds: "not enough funds"
        case .payerLimitReached: "the payer's limit was reached"
        case .payeeNotAllowedToReceive: "the payee may not receive this payment"
        case .paymentNotApproved: "the payer did not approve the payment"
        case .resourceNotFound: "the transaction was not found"
        case .approvalRejected: "the payer rejected the payment"
        case .expired: "the request expired"
        case .transactionCanceled: "the transaction was cancelled"
        case .resourceAlreadyExist: "the reference was already used"
        case .couldNotPerformTransaction: "the payer did not approve in time"
        case .unrecognized: "the provider declined the payment"
        }
    }

    var code: String {
        switch self {
        case .payeeNotFound: "PAYEE_NOT_FOUND"
        case .payerNotFound: "PAYER_NOT_FOUND"
        case .notAllowed: "NOT_ALLOWED"
        case .notAllowedTargetEnvironment: "NOT_ALLOWED_TARGET_ENVIRONMENT"
        case .invalidCallbackURLHost: "INVALID_CALLBACK_URL_HOST"
        case .invalidCurrency: "INVALID_CURRENCY"
        case .serviceUnavailable: "SERVICE_UNAVAILABLE"
        case .internalProcessingError: "INTERNAL_PROCESSING_ERROR"
        case .notEnoughFunds: "NOT_ENOUGH_FUNDS"
        case .payerLimitReached: "PAYER_LIMIT_REACHED"
        case .payeeNotAllowedToReceive: "PAYEE_NOT_ALLOWED_TO_RECEIVE"
        case .paymentNotApproved: "PAYMENT_NOT_APPROVED"
        case .resourceNotFound: "RESOURCE_NOT_FOUND"
        case .approvalRejected: "APPROVAL_REJECTED"
        case .expired: "EXPIRED"
        case .transactionCanceled: "TRANSACTION_CANCELED"
        case .resourceAlreadyExist: "RESOURCE_ALREADY_EXIST"
        case .couldNotPerformTransaction: "COULD_NOT_PERFORM_TRANSACTION"
        case .unrecognized(let code): code
        }
    }

    var failure: PaymentFailure { PaymentFailure(reason: failureReason, providerCode: code, message: message) }
}

extension MoMoTransactionStatus {
    /// The hub's result for a status body. An unknown status is not a result: the caller treats it as ambiguous.
    func result() -> ProviderResult? {
        guard let status = MoMoStatus(rawValue: status) else { return nil }
        switch status {
        case .pending: return .pending(providerTransactionID: financialTransactionId)
        case .successful: return .succeeded(providerTransactionID: financialTransactionId)
        case .failed: return .failed(MoMoErrorReason(code: reason?.code ?? "UNSPECIFIED").failure)
        }
    }
}
