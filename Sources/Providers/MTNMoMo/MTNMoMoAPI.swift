/// MTN MoMo Open API wire types, as documented for Collections and Disbursements.

/// `POST /collection/v1_0/requesttopay` and `POST /disbursement/v1_0/transfer` bodies. Exactly one of
/// `payer` (collection) and `payee` (disbursement) is set.
struct MoMoPaymentRequest: Encodable {
    /// Major units as a decimal string ("1500", "10.5"): MoMo takes amounts as strings.
    var amount: String
    var currency: String
    var externalId: String
    var payer: MoMoParty?
    var payee: MoMoParty?
    var payerMessage: String
    var payeeNote: String
}

struct MoMoParty: Codable {
    var partyIdType: String
    var partyId: String

    static func msisdn(_ digits: String) -> MoMoParty { MoMoParty(partyIdType: "MSISDN", partyId: digits) }
}

/// The status GET's body, and the body of a callback ("similar to the response returned by the status check").
struct MoMoTransactionStatus: Decodable {
    var financialTransactionId: String?
    var externalId: String?
    var amount: String?
    var currency: String?
    var status: String
    var reason: MoMoReason?
}

/// `reason` arrives as a plain string on some pages and as `ErrorReason{code,message}` on others.
struct MoMoReason: Decodable {
    var code: String
    var message: String?

    init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            code = text
            message = nil
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message)
    }

    enum CodingKeys: String, CodingKey { case code, message }
}

/// The body of a synchronous error: `{"code","message"}`.
struct MoMoErrorBody: Decodable {
    var code: String?
    var message: String?
}

/// `POST /{product}/token/` answer.
struct MoMoToken: Decodable {
    var accessToken: String
    var expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }
}
