import Hub

/// The collection (`DP008…`) response codes of Airtel's Collection-APIs error-code page, each mapped in one exhaustive
/// `switch`. A code not listed here is no case: the caller falls back to the HTTP status and never fails on it.
enum AirtelMoneyCollectionCode: String, CaseIterable, AirtelMoneyResponseCode {
    case ambiguous = "DP00800001000"
    case success = "DP00800001001"
    case incorrectPIN = "DP00800001002"
    case limitExceeded = "DP00800001003"
    case invalidAmount = "DP00800001004"
    case pinNotEntered = "DP00800001005"
    case inProcess = "DP00800001006"
    case insufficientBalance = "DP00800001007"
    case refused = "DP00800001008"
    case doNotHonor = "DP00800001009"
    case payeeNotPermitted = "DP00800001010"
    case timedOut = "DP00800001024"
    case notFound = "DP00800001025"
    case signatureMismatch = "DP00800001026"
    case expired = "DP00800001029"

    var outcome: AirtelMoneyOutcome {
        switch self {
        case .ambiguous, .timedOut: .unknown
        case .success: .succeeded
        case .inProcess: .inProgress
        case .incorrectPIN, .limitExceeded, .invalidAmount, .pinNotEntered, .insufficientBalance, .refused, .doNotHonor,
             .payeeNotPermitted, .expired: .failed
        case .notFound: .notFound
        case .signatureMismatch: .notProcessed
        }
    }

    var failureReason: FailureReason? {
        switch self {
        case .ambiguous, .success, .inProcess, .notFound: nil
        case .incorrectPIN, .pinNotEntered: .notApproved
        case .limitExceeded, .invalidAmount: .limitExceeded
        case .insufficientBalance: .insufficientFunds
        case .refused, .doNotHonor: .declined
        case .payeeNotPermitted: .notAllowed
        case .timedOut, .expired: .expired
        case .signatureMismatch: .providerError
        }
    }

    var message: String {
        switch self {
        case .ambiguous: "the transaction is in an ambiguous state"
        case .success: "the transaction succeeded"
        case .incorrectPIN: "the payer entered an incorrect PIN"
        case .limitExceeded: "the payer's wallet limit was exceeded"
        case .invalidAmount: "the amount is outside the allowed range"
        case .pinNotEntered: "the payer did not enter the PIN"
        case .inProcess: "the transaction is in process"
        case .insufficientBalance: "not enough balance"
        case .refused: "the transaction was refused"
        case .doNotHonor: "the transaction was refused (do not honor)"
        case .payeeNotPermitted: "the payee may not receive this payment"
        case .timedOut: "the transaction timed out"
        case .notFound: "the transaction was not found"
        case .signatureMismatch: "the message signature did not match the payload"
        case .expired: "the transaction expired"
        }
    }
}
