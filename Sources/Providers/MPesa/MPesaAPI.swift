import Foundation

/// Daraja's request and answer bodies, with the documentation's field names (developer.safaricom.co.ke: M-Pesa
/// Express, M-Pesa Express Query, Business to Customer v3, Transaction Status, Authorization).
///
/// Shortcodes and phone numbers go out as strings of digits; amounts as JSON integers of whole units.

/// `POST /mpesa/stkpush/v1/processrequest`.
struct MPesaSTKPushRequest: Encodable {
    var businessShortCode: String
    /// base64(BusinessShortCode + passkey + Timestamp).
    var password: String
    /// `YYYYMMDDHHmmss`, Kenya time.
    var timestamp: String
    var transactionType: String
    /// Whole units: Daraja takes no fraction.
    var amount: Int64
    var partyA: String
    var partyB: String
    var phoneNumber: String
    var callBackURL: String
    /// At most 12 characters; shown to the customer in the prompt.
    var accountReference: String
    /// At most 13 characters.
    var transactionDesc: String

    enum CodingKeys: String, CodingKey {
        case businessShortCode = "BusinessShortCode", password = "Password", timestamp = "Timestamp"
        case transactionType = "TransactionType", amount = "Amount", partyA = "PartyA", partyB = "PartyB"
        case phoneNumber = "PhoneNumber", callBackURL = "CallBackURL", accountReference = "AccountReference"
        case transactionDesc = "TransactionDesc"
    }
}

/// The synchronous answer to an STK push: `ResponseCode` "0" means accepted for processing.
struct MPesaSTKPushAnswer: Decodable {
    var merchantRequestID: String?
    var checkoutRequestID: String?
    var responseCode: MPesaScalar?

    enum CodingKeys: String, CodingKey {
        case merchantRequestID = "MerchantRequestID", checkoutRequestID = "CheckoutRequestID", responseCode = "ResponseCode"
    }
}

/// `POST /mpesa/stkpushquery/v1/query`.
struct MPesaSTKQueryRequest: Encodable {
    var businessShortCode: String
    var password: String
    var timestamp: String
    var checkoutRequestID: String

    enum CodingKeys: String, CodingKey {
        case businessShortCode = "BusinessShortCode", password = "Password", timestamp = "Timestamp"
        case checkoutRequestID = "CheckoutRequestID"
    }
}

/// The STK query's answer. `ResultCode` is a string here (a number in the callback): both are read.
struct MPesaSTKQueryAnswer: Decodable {
    var responseCode: MPesaScalar?
    var checkoutRequestID: String?
    var resultCode: MPesaScalar?

    enum CodingKeys: String, CodingKey {
        case responseCode = "ResponseCode", checkoutRequestID = "CheckoutRequestID", resultCode = "ResultCode"
    }
}

/// `POST /mpesa/b2c/v3/paymentrequest`. `Occassion` is the v3 sample's spelling.
struct MPesaB2CRequest: Encodable {
    /// Our reference: Daraja refuses a second request with the same one ("Duplicate OriginatorConversationID").
    var originatorConversationID: String
    var initiatorName: String
    var securityCredential: String
    var commandID: String
    /// Whole units.
    var amount: Int64
    var partyA: String
    var partyB: String
    var remarks: String
    var queueTimeOutURL: String
    var resultURL: String
    var occasion: String

    enum CodingKeys: String, CodingKey {
        case originatorConversationID = "OriginatorConversationID", initiatorName = "InitiatorName"
        case securityCredential = "SecurityCredential", commandID = "CommandID", amount = "Amount", partyA = "PartyA"
        case partyB = "PartyB", remarks = "Remarks", queueTimeOutURL = "QueueTimeOutURL", resultURL = "ResultURL"
        case occasion = "Occassion"
    }
}

/// The acknowledgement of B2C and Transaction Status requests: `ResponseCode` "0" means accepted; the outcome
/// arrives later at the ResultURL.
struct MPesaAcknowledgement: Decodable {
    var conversationID: String?
    var originatorConversationID: String?
    var responseCode: MPesaScalar?

    enum CodingKeys: String, CodingKey {
        case conversationID = "ConversationID", originatorConversationID = "OriginatorConversationID", responseCode = "ResponseCode"
    }
}

/// `POST /mpesa/transactionstatus/v1/query`, answered asynchronously at `ResultURL`.
struct MPesaTransactionStatusRequest: Encodable {
    var initiator: String
    var securityCredential: String
    var commandID = "TransactionStatusQuery"
    /// The M-Pesa receipt, when known; otherwise absent.
    var transactionID: String?
    /// "The Originator Conversation ID of the transaction whose status is being checked": our reference.
    var originalConversationID: String
    var partyA: String
    /// 4: an organisation shortcode.
    var identifierType = "4"
    var resultURL: String
    var queueTimeOutURL: String
    var remarks: String
    var occasion: String

    enum CodingKeys: String, CodingKey {
        case initiator = "Initiator", securityCredential = "SecurityCredential", commandID = "CommandID"
        case transactionID = "TransactionID", originalConversationID = "OriginalConversationID", partyA = "PartyA"
        case identifierType = "IdentifierType", resultURL = "ResultURL", queueTimeOutURL = "QueueTimeOutURL"
        case remarks = "Remarks", occasion = "Occasion"
    }
}

/// Every synchronous refusal: `{"requestId","errorCode":"400.002.02","errorMessage":"Bad Request - Invalid …"}`.
struct MPesaErrorBody: Decodable {
    var requestId: String?
    var errorCode: String?
    var errorMessage: String?
}

/// `GET /oauth/v1/generate?grant_type=client_credentials`: `expires_in` is a string ("3599") in some answers and
/// a number in the documentation's sample; both are read.
struct MPesaAccessToken: Decodable {
    var accessToken: String
    var expiresIn: MPesaScalar?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", expiresIn = "expires_in"
    }

    /// Seconds the token lives; one hour (3599) when the answer does not say.
    var lifetime: Int { expiresIn.flatMap { Int($0.text) } ?? 3599 }
}

/// A JSON scalar that Daraja writes as a number in one place and as a string in another (`ResultCode`,
/// `expires_in`, parameter values), kept as its text so that no binary floating point ever touches it.
struct MPesaScalar: Decodable, Equatable {
    var text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string.trimmingCharacters(in: .whitespaces)
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else if let boolean = try? container.decode(Bool.self) {
            text = String(boolean)
        } else {
            text = try container.decode(Decimal.self).description
        }
    }
}
