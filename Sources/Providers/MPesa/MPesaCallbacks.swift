import Foundation

/// The bodies Daraja posts to the hub: an STK callback at the CallBackURL, and at the ResultURL a B2C result or a
/// Transaction Status result (`{"Result":{…}}`), or a queue-timeout notice at the QueueTimeOutURL.

/// `{"Body":{"stkCallback":{…}}}`.
struct MPesaSTKCallbackBody: Decodable {
    struct Body: Decodable {
        var stkCallback: MPesaSTKCallback
    }

    var body: Body

    enum CodingKeys: String, CodingKey { case body = "Body" }
}

/// One STK push's outcome. `ResultCode` is a number here; `CallbackMetadata` comes only with a success, and its
/// items are read by name since any may be missing (`Balance` often has no `Value`).
struct MPesaSTKCallback: Decodable {
    struct Metadata: Decodable {
        var items: MPesaList<MPesaNamedValue>?

        enum CodingKeys: String, CodingKey { case items = "Item" }
    }

    var merchantRequestID: String?
    var checkoutRequestID: String
    var resultCode: MPesaScalar
    var resultDesc: String?
    var metadata: Metadata?

    enum CodingKeys: String, CodingKey {
        case merchantRequestID = "MerchantRequestID", checkoutRequestID = "CheckoutRequestID", resultCode = "ResultCode"
        case resultDesc = "ResultDesc", metadata = "CallbackMetadata"
    }

    /// The item of that name (`Amount`, `MpesaReceiptNumber`, `Balance`, `TransactionDate`, `PhoneNumber`), if sent.
    func item(_ name: String) -> MPesaNamedValue? { metadata?.items?.elements.first { $0.name == name } }
}

/// `{"Name":"Amount","Value":1}`; `Value` may be absent.
struct MPesaNamedValue: Decodable {
    var name: String
    var value: MPesaScalar?

    enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        value = (try? container.decodeIfPresent(MPesaScalar.self, forKey: .value)) ?? nil
    }
}

/// `{"Result":{…}}`: a B2C result, a Transaction Status result, or (as the hub reads it) a queue timeout.
struct MPesaResultBody: Decodable {
    var result: MPesaResult

    enum CodingKeys: String, CodingKey { case result = "Result" }
}

struct MPesaResult: Decodable {
    struct Parameters: Decodable {
        var items: MPesaList<MPesaKeyedValue>?
        enum CodingKeys: String, CodingKey { case items = "ResultParameter" }
    }

    struct Reference: Decodable {
        var items: MPesaList<MPesaKeyedValue>?
        enum CodingKeys: String, CodingKey { case items = "ReferenceItem" }
    }

    var resultType: MPesaScalar?
    var resultCode: MPesaScalar?
    var resultDesc: String?
    /// In a B2C result, our reference; in a Transaction Status result, the query's own id.
    var originatorConversationID: String?
    /// In a B2C result, the id the acknowledgement gave; in a Transaction Status result, the query's own id.
    var conversationID: String?
    var transactionID: String?
    var parameters: Parameters?
    var reference: Reference?

    enum CodingKeys: String, CodingKey {
        case resultType = "ResultType", resultCode = "ResultCode", resultDesc = "ResultDesc"
        case originatorConversationID = "OriginatorConversationID", conversationID = "ConversationID"
        case transactionID = "TransactionID", parameters = "ResultParameters", reference = "ReferenceData"
    }

    /// The first `ResultParameter` value under any of `keys`.
    func parameter(_ keys: String...) -> String? { Self.value(parameters?.items, keys) }

    /// The first `ReferenceItem` value under any of `keys`.
    func referenceItem(_ keys: String...) -> String? { Self.value(reference?.items, keys) }

    /// Whether a parameter or reference item is named `key`, with or without a value.
    func names(_ key: String) -> Bool {
        (parameters?.items?.elements ?? []).contains { $0.key == key } || (reference?.items?.elements ?? []).contains { $0.key == key }
    }

    private static func value(_ list: MPesaList<MPesaKeyedValue>?, _ keys: [String]) -> String? {
        for key in keys {
            if let text = list?.elements.first(where: { $0.key == key })?.value?.text, !text.isEmpty { return text }
        }
        return nil
    }
}

/// `{"Key":"TransactionReceipt","Value":"NLJ41HAY6Q"}`; `Value` may be absent, or something other than a scalar.
struct MPesaKeyedValue: Decodable {
    var key: String
    var value: MPesaScalar?

    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        key = try container.decode(String.self, forKey: .key)
        value = (try? container.decodeIfPresent(MPesaScalar.self, forKey: .value)) ?? nil
    }
}

/// A queue-timeout notice in a flat shape (the body is undocumented; see the adapter's doc page).
struct MPesaFlatNotice: Decodable {
    var originatorConversationID: String?
    var conversationID: String?

    enum CodingKeys: String, CodingKey {
        case originatorConversationID = "OriginatorConversationID", conversationID = "ConversationID"
    }
}

/// A list Daraja writes as an array, or as a single object when it has one element (`ReferenceItem`).
struct MPesaList<Element: Decodable>: Decodable {
    var elements: [Element]

    init(from decoder: any Decoder) throws {
        if let array = try? [Element](from: decoder) {
            elements = array
        } else {
            elements = [try Element(from: decoder)]
        }
    }
}
