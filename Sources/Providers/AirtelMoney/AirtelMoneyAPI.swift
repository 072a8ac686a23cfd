import Foundation

/// Airtel Money Open API wire types, with the documentation's field names (PROVIDERS.md §3 and §8.2).

/// Every answer: `{"data":{"transaction":{…}},"status":{"code","message","result_code","response_code","success"}}`.
/// Either half may be missing from an error answer.
struct AirtelMoneyEnvelope: Decodable {
    struct Data: Decodable {
        var transaction: AirtelMoneyTransaction?
    }

    var data: Data?
    var status: AirtelMoneyStatusBlock?

    /// The answer's `status.response_code` (`DP00800001006`), if it has one.
    var responseCode: String? { status?.responseCode }
}

/// `status` of an answer. `code` is the HTTP status as text ("200"); `response_code` the product's `DP…` code;
/// `result_code` the gateway's `ESB…` code.
struct AirtelMoneyStatusBlock: Decodable {
    var code: AirtelMoneyText?
    var message: String?
    var resultCode: String?
    var responseCode: String?
    var success: Bool?

    enum CodingKeys: String, CodingKey {
        case code, message, success
        case resultCode = "result_code"
        case responseCode = "response_code"
    }
}

/// `data.transaction` of a collection, enquiry, disbursement or refund answer.
struct AirtelMoneyTransaction: Decodable {
    /// Our `transaction.id` echoed back (the collection ack's sample has `false` here: read leniently).
    var id: AirtelMoneyText?
    /// Airtel's own id of the money movement, present once it happened (`TS`).
    var airtelMoneyID: AirtelMoneyText?
    /// A disbursement's id on Airtel's side.
    var referenceID: AirtelMoneyText?
    /// `TS`, `TF`, `TA`, `TIP`, `TE` in enquiries and disbursements; `SUCCESS` in the collection ack and refunds.
    var status: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case id, status, message
        case airtelMoneyID = "airtel_money_id"
        case referenceID = "reference_id"
    }
}

/// `POST /auth/oauth2/token` answer: `{"access_token","expires_in":"180","token_type":"bearer"}`.
struct AirtelMoneyToken: Decodable {
    var accessToken: String
    /// Seconds, sent as a string ("180"); a number is accepted too.
    var expiresIn: AirtelMoneyText?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }

    /// The lifetime in whole seconds, or 0 when the answer gives none that can be read.
    var lifetimeSeconds: Int { expiresIn?.value.flatMap { Int($0) }.map { max(0, $0) } ?? 0 }
}

/// A callback: `{"transaction":{"id","message","status_code","airtel_money_id"},"hash"}`; `hash` only when
/// callback authentication is enabled in Airtel's portal.
struct AirtelMoneyCallback: Decodable {
    struct Transaction: Decodable {
        var id: AirtelMoneyText?
        var message: String?
        var statusCode: String?
        var airtelMoneyID: AirtelMoneyText?

        enum CodingKeys: String, CodingKey {
            case id, message
            case statusCode = "status_code"
            case airtelMoneyID = "airtel_money_id"
        }
    }

    var transaction: Transaction?
    var hash: String?
}

/// A value Airtel writes as a string in one sample and as a number (or `false`) in another, kept as text; `false`,
/// `true`, `null` and `""` read as no value.
struct AirtelMoneyText: Decodable, Equatable {
    var value: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            value = string.isEmpty ? nil : string
        } else if let number = try? container.decode(Decimal.self) {
            value = number.description
        } else {
            value = nil
        }
    }
}
