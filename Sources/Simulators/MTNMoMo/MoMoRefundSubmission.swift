import HubKit
import Hummingbird

/// A refund as its POST was validated, before the collection it pays back is checked.
struct MoMoRefundSubmission: Sendable {
    let reference: String
    /// The lower-cased `referenceIdToRefund`.
    let refundedReference: String
    let externalID: String?
    let amount: Money
    let payerMessage: String?
    let payeeNote: String?
    let callbackURL: String?
}

/// Why a refund is refused before anything is recorded.
enum MoMoRefundRefusal: Sendable, Hashable {
    /// No transaction of this simulator has the refunded reference.
    case unknownTransaction
    /// The refunded reference names a transfer, a deposit or a refund, not a request-to-pay.
    case notACollection(MoMoTransactionKind)
    /// The collection is still PENDING, or FAILED: no money came in.
    case collectionNotSuccessful(MoMoTransactionStatus)
    case currencyMismatch(collection: Currency)
    /// The refund is larger than what earlier refunds (not FAILED) left of the collection.
    case exceedsRefundable(remaining: Money)

    /// MoMo's answer: 404 RESOURCE_NOT_FOUND for an unknown reference, 500 with a documented code otherwise.
    var failure: MoMoHTTPFailure {
        switch self {
        case .unknownTransaction:
            MoMoHTTPFailure(.notFound, code: MoMoErrorReason.resourceNotFound.code, message: "referenceIdToRefund names no transaction.")
        case .notACollection(let kind):
            MoMoHTTPFailure(.internalServerError, code: MoMoErrorReason.notAllowed.code,
                            message: "referenceIdToRefund names a \(kind.rawValue); only a requesttopay can be refunded.")
        case .collectionNotSuccessful(let status):
            MoMoHTTPFailure(.internalServerError, code: MoMoErrorReason.notAllowed.code,
                            message: "The transaction to refund is \(status.rawValue), not SUCCESSFUL.")
        case .currencyMismatch(let currency):
            MoMoHTTPFailure(.internalServerError, code: MoMoErrorReason.invalidCurrency.code,
                            message: "The transaction to refund is in \(currency.code).")
        case .exceedsRefundable(let remaining):
            MoMoHTTPFailure(
                .internalServerError, code: MoMoErrorReason.notAllowed.code,
                message: "The amount exceeds what is left to refund: \(remaining.compactDecimalString) \(remaining.currency.code)."
            )
        }
    }
}

enum MoMoRefundOutcome: Sendable {
    case refused(MoMoRefundRefusal)
    /// The reference is taken, or the refunded collection's payer is the duplicate scenario (MoMo's 409).
    case duplicate
    /// Recorded; `dueAt` is when it reaches its final state, `nil` if it stays PENDING.
    case recorded(MoMoTransactionBook.Submission, dueAt: ContinuousClock.Instant?)
}
