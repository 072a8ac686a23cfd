/// The test payment methods the simulator knows: Stripe's documented `pm_card_…` tokens and the
/// simulator's own fault methods (`pm_card_processing`, `pm_card_sim_500`). Any other id is answered with
/// 400 `resource_missing`, as Stripe answers a PaymentMethod that does not exist.
public enum StripeTestPaymentMethod: String, Sendable, Hashable, CaseIterable {
    case visa = "pm_card_visa"
    case visaDebit = "pm_card_visa_debit"
    case mastercard = "pm_card_mastercard"
    case amex = "pm_card_amex"
    case chargeDeclined = "pm_card_chargeDeclined"
    case insufficientFunds = "pm_card_chargeDeclinedInsufficientFunds"
    case lostCard = "pm_card_chargeDeclinedLostCard"
    case stolenCard = "pm_card_chargeDeclinedStolenCard"
    case fraudulent = "pm_card_chargeDeclinedFraudulent"
    case expiredCard = "pm_card_chargeDeclinedExpiredCard"
    case incorrectCVC = "pm_card_chargeDeclinedIncorrectCvc"
    case processingError = "pm_card_chargeDeclinedProcessingError"
    case authenticationRequired = "pm_card_authenticationRequired"
    /// Simulator only: `processing`, then `succeeded` after `settleDelay`.
    case processing = "pm_card_processing"
    /// Simulator only: 500 `api_error`, nothing recorded.
    case serverError = "pm_card_sim_500"

    /// What confirming a PaymentIntent with this method does.
    enum Outcome: Sendable {
        case succeed
        case decline(StripeCardDecline)
        case requireAction
        case process
        case failWithServerError
    }

    var outcome: Outcome {
        switch self {
        case .visa, .visaDebit, .mastercard, .amex: .succeed
        case .chargeDeclined: .decline(.init(code: "card_declined", declineCode: "generic_decline", message: "Your card was declined."))
        case .insufficientFunds:
            .decline(.init(code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds."))
        case .lostCard: .decline(.init(code: "card_declined", declineCode: "lost_card", message: "Your card was declined."))
        case .stolenCard: .decline(.init(code: "card_declined", declineCode: "stolen_card", message: "Your card was declined."))
        case .fraudulent: .decline(.init(code: "card_declined", declineCode: "fraudulent", message: "Your card was declined."))
        case .expiredCard: .decline(.init(code: "expired_card", declineCode: "expired_card", message: "Your card has expired."))
        case .incorrectCVC:
            .decline(.init(code: "incorrect_cvc", declineCode: "incorrect_cvc", message: "Your card's security code is incorrect."))
        case .processingError:
            .decline(.init(
                code: "processing_error", declineCode: "processing_error",
                message: "An error occurred while processing your card. Try again in a little bit."
            ))
        case .authenticationRequired: .requireAction
        case .processing: .process
        case .serverError: .failWithServerError
        }
    }

    /// The card brand and last four digits the PaymentMethod reports.
    var card: (brand: String, last4: String) {
        switch self {
        case .visa: ("visa", "4242")
        case .visaDebit: ("visa", "5556")
        case .mastercard: ("mastercard", "4444")
        case .amex: ("amex", "8431")
        case .chargeDeclined: ("visa", "0002")
        case .insufficientFunds: ("visa", "9995")
        case .lostCard: ("visa", "9987")
        case .stolenCard: ("visa", "9979")
        case .fraudulent: ("visa", "0019")
        case .expiredCard: ("visa", "0069")
        case .incorrectCVC: ("visa", "0127")
        case .processingError: ("visa", "0119")
        case .authenticationRequired: ("visa", "3184")
        case .processing, .serverError: ("visa", "4242")
        }
    }
}

/// Why a card was declined: the error's `code`, its `decline_code` and its message.
public struct StripeCardDecline: Sendable, Hashable {
    public let code: String
    public let declineCode: String
    public let message: String
}
