/// MoMo's `ErrorReason.code` values, in the order of the portal's Collection schema, then the error page's
/// `COULD_NOT_PERFORM_TRANSACTION`. The order is the scenario table's numbering (see `MoMoScenario`).
public enum MoMoErrorReason: String, Sendable, Hashable, CaseIterable, Codable {
    case payeeNotFound = "PAYEE_NOT_FOUND"
    case payerNotFound = "PAYER_NOT_FOUND"
    case notAllowed = "NOT_ALLOWED"
    case notAllowedTargetEnvironment = "NOT_ALLOWED_TARGET_ENVIRONMENT"
    case invalidCallbackURLHost = "INVALID_CALLBACK_URL_HOST"
    case invalidCurrency = "INVALID_CURRENCY"
    case serviceUnavailable = "SERVICE_UNAVAILABLE"
    case internalProcessingError = "INTERNAL_PROCESSING_ERROR"
    case notEnoughFunds = "NOT_ENOUGH_FUNDS"
    case payerLimitReached = "PAYER_LIMIT_REACHED"
    case payeeNotAllowedToReceive = "PAYEE_NOT_ALLOWED_TO_RECEIVE"
    case paymentNotApproved = "PAYMENT_NOT_APPROVED"
    case resourceNotFound = "RESOURCE_NOT_FOUND"
    case approvalRejected = "APPROVAL_REJECTED"
    case expired = "EXPIRED"
    case transactionCanceled = "TRANSACTION_CANCELED"
    case resourceAlreadyExist = "RESOURCE_ALREADY_EXIST"
    case couldNotPerformTransaction = "COULD_NOT_PERFORM_TRANSACTION"

    /// The `code` as MoMo spells it.
    public var code: String { rawValue }

    /// A human-readable `message` to accompany the code.
    public var message: String {
        switch self {
        case .payeeNotFound: "Payee does not exist."
        case .payerNotFound: "Payer does not exist."
        case .notAllowed: "Authorization failed. User does not have permission."
        case .notAllowedTargetEnvironment: "Access to target environment is forbidden."
        case .invalidCallbackURLHost: "Callback URL with host not allowed."
        case .invalidCurrency: "Currency not supported on the requested account."
        case .serviceUnavailable: "Service temporarily unavailable, try again later."
        case .internalProcessingError: "An internal error occurred while processing."
        case .notEnoughFunds: "The account does not have enough funds."
        case .payerLimitReached: "The payer's limit has been breached."
        case .payeeNotAllowedToReceive: "The payee is not allowed to receive funds."
        case .paymentNotApproved: "The payment was not approved by the payer."
        case .resourceNotFound: "Requested resource was not found."
        case .approvalRejected: "The approval was rejected."
        case .expired: "The request has expired."
        case .transactionCanceled: "The transaction was canceled."
        case .resourceAlreadyExist: "Duplicated reference id. Creation of resource failed."
        case .couldNotPerformTransaction: "The payer did not approve the transaction within 5 minutes."
        }
    }
}
