/// How a declined transaction ends: its `data.transaction.status` (`TF`, or `TE` for an expired prompt) and the
/// `status.response_code` its enquiry carries, one for a collection (`DP008…`) and one for a disbursement
/// (`DP009…`).
public enum AirtelMoneyDecline: String, Sendable, Hashable, CaseIterable {
    case insufficientFunds
    case incorrectPIN
    case pinNotEntered
    case expired
    case refused
    case payeeNotPermitted
    case limitExceeded
    case doNotHonor
    case timedOut

    /// `TE` for an expired prompt, `TF` for every other decline.
    public var transactionStatus: AirtelMoneyTransactionStatus {
        self == .expired ? .expired : .failed
    }

    /// The code a collection declined this way carries.
    public var collectionCode: AirtelMoneyResponseCode {
        switch self {
        case .insufficientFunds: .collectionNotEnoughBalance
        case .incorrectPIN: .collectionIncorrectPIN
        case .pinNotEntered: .collectionPINNotEntered
        case .expired: .collectionExpired
        case .refused: .collectionRefused
        case .payeeNotPermitted: .collectionPayeeNotPermitted
        case .limitExceeded: .collectionLimitExceeded
        case .doNotHonor: .collectionDoNotHonor
        case .timedOut: .collectionTimedOut
        }
    }

    /// The code a disbursement to a payee of this scenario carries: a payee has no PIN to enter, so the
    /// customer-side declines fail with the generic `DP00900001005`.
    public var disbursementCode: AirtelMoneyResponseCode {
        switch self {
        case .insufficientFunds: .disbursementInsufficientFunds
        case .refused: .disbursementRefused
        case .payeeNotPermitted: .disbursementUserNotAllowed
        case .limitExceeded: .disbursementLimitReached
        case .incorrectPIN, .pinNotEntered, .expired, .doNotHonor, .timedOut: .disbursementFailed
        }
    }
}
