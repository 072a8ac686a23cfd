import Foundation

/// The body of `POST /v1_0/apiuser`.
struct MoMoAPIUserRequest: Decodable {
    let providerCallbackHost: String?
}

/// The answer of `GET /v1_0/apiuser/{id}`.
struct MoMoAPIUserBody: Encodable {
    let providerCallbackHost: String
    let targetEnvironment: String
}

struct MoMoAPIKeyBody: Encodable {
    let apiKey: String
}

struct MoMoTokenBody: Encodable {
    let accessToken: String
    let tokenType: String
    let expiresIn: Int64

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// MoMo's error body.
struct MoMoErrorBody: Codable {
    let code: String
    let message: String
}

struct MoMoBalanceBody: Encodable {
    let availableBalance: String
    let currency: String
}

struct MoMoParty: Decodable {
    let partyIdType: String?
    let partyId: String?
}

/// The body of a request-to-pay (`payer`) or a transfer (`payee`). Every field is optional here so that a
/// missing one is answered with a precise 400; a field of the wrong JSON type (an amount as a number) fails
/// decoding and is a 400 as well.
struct MoMoPaymentRequest: Decodable {
    let amount: String?
    let currency: String?
    let externalId: String?
    let payer: MoMoParty?
    let payee: MoMoParty?
    let payerMessage: String?
    let payeeNote: String?
}

/// The body of a refund (`POST /disbursement/{v1_0|v2_0}/refund`); every field optional for a precise 400.
struct MoMoRefundRequest: Decodable {
    let amount: String?
    let currency: String?
    let externalId: String?
    let payerMessage: String?
    let payeeNote: String?
    let referenceIdToRefund: String?
}

/// The answer of `GET /{product}/v1_0/accountholder/{type}/{id}/active`.
struct MoMoAccountHolderActiveBody: Encodable {
    let result: Bool
}

/// The answer of `GET /{product}/v1_0/accountholder/msisdn/{id}/basicuserinfo`: the portal schema's six fields.
struct MoMoBasicUserInfoBody: Encodable {
    let givenName: String
    let familyName: String
    let birthdate: String
    let locale: String
    let gender: String
    let status: String

    init(_ holder: MoMoAccountHolder) {
        givenName = holder.givenName
        familyName = holder.familyName
        birthdate = holder.birthdate
        locale = holder.locale
        gender = holder.gender
        status = holder.isActive ? "ACTIVE" : "INACTIVE"
    }

    enum CodingKeys: String, CodingKey {
        case givenName = "given_name"
        case familyName = "family_name"
        case birthdate, locale, gender, status
    }
}

/// A transaction as the status GET and the callbacks show it.
struct MoMoStatusBody: Encodable {
    let transaction: MoMoSimulatedTransaction
    /// The status to report, which differs from the truth only in a contradictory callback.
    let status: MoMoTransactionStatus
    let reason: MoMoErrorReason?

    init(_ transaction: MoMoSimulatedTransaction) {
        self.transaction = transaction
        self.status = transaction.status
        self.reason = transaction.reason
    }

    /// The body of a callback that contradicts a SUCCESSFUL truth.
    static func contradicting(_ transaction: MoMoSimulatedTransaction) -> MoMoStatusBody {
        MoMoStatusBody(transaction: transaction, status: .failed, reason: .internalProcessingError)
    }

    private init(transaction: MoMoSimulatedTransaction, status: MoMoTransactionStatus, reason: MoMoErrorReason?) {
        self.transaction = transaction
        self.status = status
        self.reason = reason
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct PartyBody: Encodable {
        let partyIdType: String
        let partyId: String
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        if status == .successful, let id = transaction.financialTransactionID {
            try container.encode(id, forKey: Key("financialTransactionId"))
        }
        try container.encodeIfPresent(transaction.externalID, forKey: Key("externalId"))
        try container.encode(transaction.amount.compactDecimalString, forKey: Key("amount"))
        try container.encode(transaction.amount.currency.code, forKey: Key("currency"))
        try container.encode(
            PartyBody(partyIdType: transaction.partyIDType, partyId: transaction.partyID),
            forKey: Key(transaction.product.partyField)
        )
        try container.encodeIfPresent(transaction.payerMessage, forKey: Key("payerMessage"))
        try container.encodeIfPresent(transaction.payeeNote, forKey: Key("payeeNote"))
        try container.encode(status.rawValue, forKey: Key("status"))
        if status == .failed, let reason {
            if transaction.reasonAsString {
                try container.encode(reason.code, forKey: Key("reason"))
            } else {
                try container.encode(MoMoErrorBody(code: reason.code, message: reason.message), forKey: Key("reason"))
            }
        }
    }
}

enum MoMoJSON {
    /// Encodes with sorted keys, so bodies are byte-stable across runs.
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // The wire types hold only strings, integers, dates and nested wire types: encoding cannot fail.
        return try! encoder.encode(value)
    }
}
