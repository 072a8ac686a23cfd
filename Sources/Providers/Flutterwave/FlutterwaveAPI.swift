import Foundation

/// Every v3 answer: `{"status":"success"|"error","message":"…","data":…}`.
struct FlutterwaveEnvelope<Payload: Decodable>: Decodable {
    var status: String
    var message: String?
    var data: Payload?
    var meta: FlutterwaveMeta?
}

/// `meta.authorization` of a mobile-money charge that needs the customer: `mode` `redirect` (with a URL) or `callback`.
struct FlutterwaveMeta: Decodable {
    struct Authorization: Decodable {
        var mode: String?
        var redirect: String?
    }

    var authorization: Authorization?
}

/// A charge as `POST /v3/charges`, `POST /v3/tokenized-charges` and the verify endpoints return it.
struct FlutterwaveTransaction: Decodable {
    var id: Int64?
    var txRef: String?
    var flwRef: String?
    /// In major units of `currency`.
    var amount: FlutterwaveAmount?
    var currency: String?
    /// `successful`, `pending`, `failed`, … (compared without regard to case).
    var status: String?
    /// The processor's words for a failure ("Insufficient funds").
    var processorResponse: String?

    enum CodingKeys: String, CodingKey {
        case id, amount, currency, status
        case txRef = "tx_ref"
        case flwRef = "flw_ref"
        case processorResponse = "processor_response"
    }
}

/// A transfer as `POST /v3/transfers` and `GET /v3/transfers/{id}` return it.
struct FlutterwaveTransfer: Decodable {
    var id: Int64?
    var reference: String?
    var amount: FlutterwaveAmount?
    var currency: String?
    /// `NEW`, `PENDING`, `SUCCESSFUL`, `FAILED` (compared without regard to case).
    var status: String?
    /// Why a transfer failed ("DISBURSE FAILED: Insufficient funds in customer wallet").
    var completeMessage: String?

    enum CodingKeys: String, CodingKey {
        case id, reference, amount, currency, status
        case completeMessage = "complete_message"
    }
}

/// A refund as `POST /v3/transactions/{id}/refund` and `GET /v3/refunds/{id}` return it.
struct FlutterwaveRefund: Decodable {
    var id: Int64?
    /// `completed`, `pending`, `failed`, … (compared without regard to case).
    var status: String?
}

/// A notification: `{"event":"charge.completed"|"transfer.completed","data":{…}}`.
struct FlutterwaveWebhook: Decodable {
    struct Data: Decodable {
        var id: Int64?
        var txRef: String?
        var reference: String?
        var status: String?

        enum CodingKeys: String, CodingKey {
            case id, reference, status
            case txRef = "tx_ref"
        }
    }

    var event: String?
    var data: Data?
}

/// An amount as Flutterwave writes it, a JSON number in major units (`100`, `10.5`), kept as its decimal text so
/// no binary floating point ever touches it.
struct FlutterwaveAmount: Decodable, Equatable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else {
            text = try container.decode(Decimal.self).description
        }
    }
}
