/// A Daraja `ResultCode` and the `ResultDesc` that goes with it, in the words of the portal's result-code tables
/// (M-Pesa Express, B2C, Transaction Status). Callbacks and results write the code as a JSON number; the STK query
/// writes it as a string.
public struct MPesaResultCode: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let description: String

    public init(_ code: Int, _ description: String) {
        self.code = code
        self.description = description
    }

    public var isSuccess: Bool { code == 0 }

    public static let success = MPesaResultCode(0, "The service request is processed successfully.")
    public static let insufficientBalance = MPesaResultCode(1, "The balance is insufficient for the transaction.")
    /// B2C: the amount is below the minimum B2C payment.
    public static let belowMinimum = MPesaResultCode(2, "Declined due to limit rule")
    public static let aboveMaximum = MPesaResultCode(3, "Declined due to limit rule: greater than the maximum transaction amount.")
    public static let expired = MPesaResultCode(1019, "Transaction has expired.")
    public static let pushFailed = MPesaResultCode(1025, "An error occurred while sending a push request.")
    public static let cancelledByUser1031 = MPesaResultCode(1031, "Request cancelled by user.")
    /// As the portal's sample callback writes it, without a full stop.
    public static let cancelledByUser = MPesaResultCode(1032, "Request cancelled by user")
    public static let unreachable = MPesaResultCode(1037, "DS timeout user cannot be reached.")
    /// STK: a wrong M-Pesa PIN; B2C and Transaction Status: a wrong initiator name or security credential.
    public static let initiatorInvalid = MPesaResultCode(2001, "The initiator information is invalid.")
    public static let notPermitted = MPesaResultCode(2028, "The request is not permitted according to product assignment.")
    public static let receiptNotFound = MPesaResultCode(
        2033, "The transaction receipt number cannot be found by the specified OriginatorConversationID or ConversationID."
    )
    public static let unregisteredCustomer = MPesaResultCode(
        2040, "Credit Party customer type (Unregistered or Registered Customer) can't be supported by the service."
    )
    public static let credentialLocked = MPesaResultCode(8006, "The security credential is locked")
}
