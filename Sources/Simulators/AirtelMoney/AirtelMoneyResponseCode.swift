/// The `status.response_code` values the simulator answers with, as Airtel's response-code tables list them:
/// `DP008…` for collections, `DP009…` for disbursements, `DP020…` for the encryption key and `DP022…` for KYC.
public enum AirtelMoneyResponseCode: String, Sendable, Hashable, CaseIterable {
    case collectionAmbiguous = "DP00800001000"
    case collectionSuccess = "DP00800001001"
    case collectionIncorrectPIN = "DP00800001002"
    case collectionLimitExceeded = "DP00800001003"
    case collectionInvalidAmount = "DP00800001004"
    case collectionPINNotEntered = "DP00800001005"
    case collectionInProcess = "DP00800001006"
    case collectionNotEnoughBalance = "DP00800001007"
    case collectionRefused = "DP00800001008"
    case collectionDoNotHonor = "DP00800001009"
    case collectionPayeeNotPermitted = "DP00800001010"
    case collectionTimedOut = "DP00800001024"
    case collectionNotFound = "DP00800001025"
    case collectionSignatureMismatch = "DP00800001026"
    case collectionExpired = "DP00800001029"

    case disbursementAmbiguous = "DP00900001000"
    case disbursementSuccess = "DP00900001001"
    case disbursementLimitReached = "DP00900001003"
    case disbursementInvalidAmount = "DP00900001004"
    case disbursementFailed = "DP00900001005"
    case disbursementInProcess = "DP00900001006"
    case disbursementInsufficientFunds = "DP00900001007"
    case disbursementUserNotAllowed = "DP00900001010"
    case disbursementInvalidMobileNumber = "DP00900001012"
    case disbursementRefused = "DP00900001013"
    case disbursementNotFound = "DP00900001015"
    case disbursementSignatureMismatch = "DP00900001016"
    case disbursementDuplicateID = "DP00900001017"

    case encryptionKeyFetched = "DP02010001001"
    case userEnquiryFailed = "DP02200000000"
    case userEnquirySuccess = "DP02200000001"

    /// The reason Airtel's table gives for the code, used as `status.message` and `transaction.message`.
    public var message: String {
        switch self {
        case .collectionAmbiguous, .disbursementAmbiguous:
            "The transaction is still processing and is in ambiguous state. "
                + "Please do the transaction enquiry to fetch the transaction status."
        case .collectionSuccess, .disbursementSuccess: "Transaction is successful."
        case .collectionIncorrectPIN: "Incorrect pin has been entered."
        case .collectionLimitExceeded: "The User has exceeded their wallet allowed transaction limit."
        case .collectionInvalidAmount: "The amount User is trying to transfer is less than the minimum amount allowed."
        case .collectionPINNotEntered: "User didn't enter the pin."
        case .collectionInProcess: "Transaction in pending state. Please check after sometime."
        case .collectionNotEnoughBalance: "User wallet does not have enough money to cover the payable amount."
        case .collectionRefused, .disbursementRefused: "The transaction was refused."
        case .collectionDoNotHonor: "This is a generic refusal that has several possible causes."
        case .collectionPayeeNotPermitted:
            "Payee is already initiated for churn or barred or not registered on Airtel Money platform."
        case .collectionTimedOut: "The transaction was timed out."
        case .collectionNotFound, .disbursementNotFound: "The transaction was not found."
        case .collectionSignatureMismatch, .disbursementSignatureMismatch: "X-signature and payload did not match."
        case .collectionExpired: "Transaction has been expired."
        case .disbursementLimitReached: "Maximum transaction limit reached for the day."
        case .disbursementInvalidAmount: "Amount entered is out of range with respect to defined limits."
        case .disbursementFailed: "Transaction failed."
        case .disbursementInProcess: "Transaction is in process."
        case .disbursementInsufficientFunds: "Not enough funds in account to complete the transaction."
        case .disbursementUserNotAllowed: "Payer is not an allowed user."
        case .disbursementInvalidMobileNumber: "Mobile number entered is incorrect."
        case .disbursementDuplicateID:
            "Duplicate Transaction Id. To know the status of the actual transaction, please do transaction enquiry."
        case .encryptionKeyFetched: "Encryption key has been fetched successfully."
        case .userEnquiryFailed: "User enquiry is failed."
        case .userEnquirySuccess: "User enquiry is successful."
        }
    }
}
