import Hub

/// Stripe's documented card decline codes (docs.stripe.com/declines/codes), plus the error `code`s a card
/// error carries when the issuer gives no decline code (`card_declined`, `expired_card`, `incorrect_cvc`, …).
enum StripeDeclineCode: String, CaseIterable {
    case approveWithID = "approve_with_id"
    case authenticationRequired = "authentication_required"
    case callIssuer = "call_issuer"
    case cardDeclineRateLimitExceeded = "card_decline_rate_limit_exceeded"
    case cardDeclined = "card_declined"
    case cardNotSupported = "card_not_supported"
    case cardVelocityExceeded = "card_velocity_exceeded"
    case currencyNotSupported = "currency_not_supported"
    case doNotHonor = "do_not_honor"
    case doNotTryAgain = "do_not_try_again"
    case duplicateTransaction = "duplicate_transaction"
    case expiredCard = "expired_card"
    case fraudulent
    case genericDecline = "generic_decline"
    case incorrectCVC = "incorrect_cvc"
    case incorrectNumber = "incorrect_number"
    case incorrectPIN = "incorrect_pin"
    case incorrectZip = "incorrect_zip"
    case insufficientFunds = "insufficient_funds"
    case invalidAccount = "invalid_account"
    case invalidAmount = "invalid_amount"
    case invalidCVC = "invalid_cvc"
    case invalidExpiryMonth = "invalid_expiry_month"
    case invalidExpiryYear = "invalid_expiry_year"
    case invalidNumber = "invalid_number"
    case invalidPIN = "invalid_pin"
    case issuerNotAvailable = "issuer_not_available"
    case lostCard = "lost_card"
    case merchantBlacklist = "merchant_blacklist"
    case newAccountInformationAvailable = "new_account_information_available"
    case noActionTaken = "no_action_taken"
    case notPermitted = "not_permitted"
    case offlinePINRequired = "offline_pin_required"
    case onlineOrOfflinePINRequired = "online_or_offline_pin_required"
    case pickupCard = "pickup_card"
    case pinTryExceeded = "pin_try_exceeded"
    case processingError = "processing_error"
    case reenterTransaction = "reenter_transaction"
    case restrictedCard = "restricted_card"
    case revocationOfAllAuthorizations = "revocation_of_all_authorizations"
    case revocationOfAuthorization = "revocation_of_authorization"
    case securityViolation = "security_violation"
    case serviceNotAllowed = "service_not_allowed"
    case stolenCard = "stolen_card"
    case stopPaymentOrder = "stop_payment_order"
    case testmodeDecline = "testmode_decline"
    case transactionNotAllowed = "transaction_not_allowed"
    case tryAgainLater = "try_again_later"
    case withdrawalCountLimitExceeded = "withdrawal_count_limit_exceeded"

    /// Lost, stolen and fraud codes read as plain declines on purpose: the customer is never told the card was
    /// flagged (Stripe's own advice); `providerCode` keeps the real code for operators.
    var failureReason: FailureReason {
        switch self {
        case .cardDeclined, .genericDecline, .doNotHonor, .doNotTryAgain, .callIssuer, .approveWithID,
             .fraudulent, .lostCard, .stolenCard, .pickupCard, .merchantBlacklist, .restrictedCard,
             .securityViolation, .stopPaymentOrder, .revocationOfAllAuthorizations, .revocationOfAuthorization,
             .noActionTaken, .newAccountInformationAvailable, .duplicateTransaction, .testmodeDecline:
            .declined
        case .insufficientFunds:
            .insufficientFunds
        case .expiredCard:
            .expired
        case .incorrectCVC, .incorrectNumber, .incorrectPIN, .incorrectZip, .invalidCVC, .invalidExpiryMonth,
             .invalidExpiryYear, .invalidNumber, .invalidPIN, .invalidAmount:
            .invalidRequest
        case .cardVelocityExceeded, .withdrawalCountLimitExceeded, .pinTryExceeded, .cardDeclineRateLimitExceeded:
            .limitExceeded
        case .authenticationRequired, .offlinePINRequired, .onlineOrOfflinePINRequired:
            .authenticationRequired
        case .cardNotSupported, .currencyNotSupported, .notPermitted, .serviceNotAllowed, .transactionNotAllowed:
            .notAllowed
        case .invalidAccount:
            .accountNotFound
        case .processingError, .issuerNotAvailable, .tryAgainLater, .reenterTransaction:
            .providerError
        }
    }
}
