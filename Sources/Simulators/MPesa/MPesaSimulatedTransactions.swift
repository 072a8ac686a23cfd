import Foundation
import HubKit

/// Where a transaction stands, in Transaction Status's words.
public enum MPesaTransactionStatus: String, Sendable, Hashable {
    case pending = "Pending"
    case completed = "Completed"
    case failed = "Failed"
}

/// The simulator's truth about one STK push: what it was asked, how the customer answered, which callbacks went out.
public struct MPesaSimulatedSTKPush: Sendable, Hashable {
    public let merchantRequestID: String
    /// `ws_CO_…`, the id the STK query and the callback carry.
    public let checkoutRequestID: String
    public let businessShortCode: String
    public let transactionType: String
    public let amount: Money
    public let partyA: String
    public let partyB: String
    /// The customer the prompt went to, twelve digits (`2547…`), the scenario's key.
    public let phoneNumber: String
    public let callbackURL: String
    public let accountReference: String
    public let transactionDesc: String?
    public let createdAt: Date
    public internal(set) var status: MPesaTransactionStatus
    /// The final ResultCode; `nil` while pending.
    public internal(set) var result: MPesaResultCode?
    /// The M-Pesa receipt (`MpesaReceiptNumber`) of a completed push.
    public internal(set) var receipt: String?
    public internal(set) var completedAt: Date?
    public internal(set) var notifications: [MPesaNotification]
}

/// The simulator's truth about one B2C payment.
public struct MPesaSimulatedB2CPayment: Sendable, Hashable {
    /// `AG_…`, Daraja's id of the request.
    public let conversationID: String
    /// The client's id (v3), or the one the simulator made up (v1); unique across payments.
    public let originatorConversationID: String
    /// `v1` or `v3`, the path the request came by.
    public let apiVersion: String
    public let commandID: String
    public let partyA: String
    /// The customer paid, twelve digits, the scenario's key.
    public let partyB: String
    public let amount: Money
    public let remarks: String
    public let occasion: String?
    public let resultURL: String
    public let queueTimeOutURL: String
    /// The name `ReceiverPartyPublicName` shows after the number.
    public let receiverName: String
    public let createdAt: Date
    public internal(set) var status: MPesaTransactionStatus
    public internal(set) var result: MPesaResultCode?
    /// The result's `TransactionID`, given on failures too (as in the portal's sample failure).
    public internal(set) var transactionID: String?
    /// The `TransactionReceipt` of a completed payment (equal to `transactionID`).
    public internal(set) var receipt: String?
    public internal(set) var completedAt: Date?
    /// The B2C float left once this payment settled, for the result's `B2CUtilityAccountAvailableFunds`.
    public internal(set) var floatAfter: Money?
    public internal(set) var notifications: [MPesaNotification]
}

/// One Transaction Status query and the result it was answered with.
public struct MPesaSimulatedStatusQuery: Sendable, Hashable {
    public let conversationID: String
    public let originatorConversationID: String
    /// The `TransactionID` asked about, if given.
    public let transactionID: String?
    /// The `OriginalConversationID` asked about, if given.
    public let originalConversationID: String?
    public let resultURL: String
    public let occasion: String?
    /// Whether `Initiator` and `SecurityCredential` were right; a wrong pair is answered with ResultCode 2001.
    public let authorised: Bool
    public let createdAt: Date
    public internal(set) var notifications: [MPesaNotification]
}

/// One notification the simulator tried to deliver.
public struct MPesaNotification: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// `{"Body":{"stkCallback":…}}` to an STK push's `CallBackURL`.
        case stkCallback
        /// `{"Result":…}` to a B2C payment's or a status query's `ResultURL`.
        case result
        /// The queue-timeout notice to `QueueTimeOutURL` (the simulator's own shape: Daraja documents none).
        case queueTimeout
    }

    public let kind: Kind
    public let sentAt: Date
    public let url: String
    /// The `ResultCode` the body carried.
    public let resultCode: Int
    /// The receiver's HTTP status, or `nil` when the transport failed.
    public let responseStatus: Int?
    public let failure: String?
}
