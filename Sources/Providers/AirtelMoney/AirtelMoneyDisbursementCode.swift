import Hub

/// The disbursement (`DP009…`) response codes of Airtel's Disbursement-APIs error-code page, each mapped in one
/// exhaustive `switch`. `DP00900001018` and `DP00900001019` come from client libraries' copies of the page (the two
/// documentation copies stop at `…017`); they are mapped as those copies read them.
enum AirtelMoneyDisbursementCode: String, CaseIterable, AirtelMoneyResponseCode {
    case ambiguous = "DP00900001000"
    case success = "DP00900001001"
    case dailyLimitReached = "DP00900001003"
    case invalidAmount = "DP00900001004"
    case failed = "DP00900001005"
    case processing = "DP00900001006"
    case insufficientFunds = "DP00900001007"
    case invalidInitiatee = "DP00900001009"
    case userNotAllowed = "DP00900001010"
    case similarTransactionExists = "DP00900001011"
    case invalidMobileNumber = "DP00900001012"
    case refused = "DP00900001013"
    case timedOut = "DP00900001014"
    case notFound = "DP00900001015"
    case signatureMismatch = "DP00900001016"
    case duplicateTransactionID = "DP00900001017"
    case forbidden = "DP00900001018"
    case senderBarred = "DP00900001019"

    var outcome: AirtelMoneyOutcome {
        switch self {
        case .ambiguous, .timedOut: .unknown
        case .success: .succeeded
        case .processing: .inProgress
        case .dailyLimitReached, .invalidAmount, .failed, .insufficientFunds, .invalidInitiatee, .userNotAllowed,
             .invalidMobileNumber, .refused, .senderBarred: .failed
        case .similarTransactionExists: .similarExists
        case .notFound: .notFound
        case .signatureMismatch, .forbidden: .notProcessed
        case .duplicateTransactionID: .duplicate
        }
    }

    var failureReason: FailureReason? {
        switch self {
        case .ambiguous, .success, .processing, .notFound, .duplicateTransactionID: nil
        case .dailyLimitReached, .invalidAmount: .limitExceeded
        case .failed, .refused: .declined
        case .insufficientFunds: .insufficientFunds
        case .invalidInitiatee, .userNotAllowed, .similarTransactionExists, .senderBarred: .notAllowed
        case .invalidMobileNumber: .accountNotFound
        case .timedOut: .expired
        case .signatureMismatch, .forbidden: .providerError
        }
    }

    var message: String {
        switch self {
        case .ambiguous: "the transaction is in an ambiguous state"
        case .success: "the transaction succeeded"
        case .dailyLimitReached: "the daily transaction limit was reached"
        case .invalidAmount: "the amount is outside the allowed range"
        case .failed: "the transaction failed"
        case .processing: "the transaction is in process"
        case .insufficientFunds: "not enough funds in the disbursement account"
        case .invalidInitiatee: "the initiator of the transaction is invalid"
        case .userNotAllowed: "the payer is not an allowed user"
        case .similarTransactionExists: "a transaction with similar information already exists"
        case .invalidMobileNumber: "the mobile number is incorrect"
        case .refused: "the transaction was refused"
        case .timedOut: "the transaction timed out"
        case .notFound: "the transaction was not found"
        case .signatureMismatch, .forbidden: "the message signature did not match the payload"
        case .duplicateTransactionID: "the transaction id was already used"
        case .senderBarred: "the sender is barred"
        }
    }
}
