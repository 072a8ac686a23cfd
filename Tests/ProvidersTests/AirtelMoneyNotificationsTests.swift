import Foundation
import Hub
import Testing
import Webhooks
@testable import Providers

/// Callbacks: parsed as hints, and, with a callback key, refused unless their `hash` authenticates them. Airtel
/// publishes no vector (its sample `hash` was made with an unknown key), so valid hashes are computed here from the
/// bytes of the `transaction` object as they stand in the body.
@Suite struct AirtelMoneyNotificationsTests {
    typealias Support = AirtelMoneyTestSupport

    static func handler(hashKey: String? = Support.hashKey) -> any NotificationHandler {
        AirtelMoneyProvider(configuration: Support.configuration("http://airtel.test", hashKey: hashKey)).notifications!
    }

    static func incoming(_ body: String) -> IncomingNotification {
        IncomingNotification(method: "POST", headers: [("Content-Type", "application/json")], body: Data(body.utf8), receivedAt: Date())
    }

    static func hash(_ message: String, key: String = Support.hashKey) -> String {
        Base64.encode(HMACKey(.sha256, key: Array(key.utf8)).authenticationCode(for: Array(message.utf8)))
    }

    static let transaction = #"{"id":"BBZMiscxy","message":"Paid UGX 5,000","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"}"#

    static func body(transaction: String = transaction, hash: String?) -> String {
        #"{"transaction":\#(transaction)"# + (hash.map { #","hash":"\#($0)"}"# } ?? "}")
    }

    @Test func theDocumentedCallbackIsAHint() throws {
        let handler = Self.handler(hashKey: nil)
        #expect(!handler.isSigned)
        let body = String(decoding: try Fixtures.data("airtel-money/callback_successful.json"), as: UTF8.self)
        let notification = try handler.parse(Self.incoming(body))
        #expect(notification.reference == "BBZMiscxy")
        #expect(notification.event == .outcome(.succeeded(providerTransactionID: "MP210603.1234.L06941")))
        #expect(notification.dedupeKey == "BBZMiscxy:TS:MP210603.1234.L06941")
        let failed = try handler.parse(Self.incoming(String(decoding: try Fixtures.data("airtel-money/callback_failed.json"), as: UTF8.self)))
        #expect(failed.event == .outcome(.failed(PaymentFailure(reason: .declined, providerCode: "TF", message: "the provider reported the payment failed"))))
        #expect(failed.dedupeKey != notification.dedupeKey)
    }

    @Test func withoutAKeyTheHashIsNotLookedAt() throws {
        let body = String(decoding: try Fixtures.data("airtel-money/callback_with-hash.json"), as: UTF8.self)
        #expect(try Self.handler(hashKey: nil).parse(Self.incoming(body)).reference == "BBZMiscxy")
    }

    @Test func aHashOfTheTransactionBytesIsAccepted() throws {
        let body = Self.body(hash: Self.hash(Self.transaction))
        #expect(try Self.handler().parse(Self.incoming(body)).event == .outcome(.succeeded(providerTransactionID: "MP210603.1234.L06941")))
    }

    /// The other readings of "the callback payload" that client code uses.
    @Test func theDocumentedAlternativeMessagesAreAccepted() throws {
        let wrapped = Self.body(hash: Self.hash(#"{"transaction":\#(Self.transaction)}"#))
        #expect(try Self.handler().parse(Self.incoming(wrapped)).reference == "BBZMiscxy")
        let pretty = """
            {
              "transaction": {
                "id": "BBZMiscxy",
                "message": "Paid UGX 5,000",
                "status_code": "TS",
                "airtel_money_id": "MP210603.1234.L06941"
              },
              "hash": "\(Self.hash(#"{"id":"BBZMiscxy","message":"Paid UGX 5,000","status_code":"TS","airtel_money_id":"MP210603.1234.L06941"}"#))"
            }
            """
        #expect(try Self.handler().parse(Self.incoming(pretty)).reference == "BBZMiscxy", "JSON.stringify of the parsed transaction")
    }

    static let refused: [(String, String)] = [
        ("missing", body(hash: nil)),
        ("empty", body(hash: "")),
        ("the documentation's sample, made with another key", body(hash: "zITVAAGYSlzl1WkUQJn81kbpT5drH3koffT8jCkcJJA=")),
        ("made with a rotated-out key", body(hash: hash(transaction, key: "the-previous-portal-key"))),
        ("one byte of the transaction changed", body(transaction: transaction.replacingOccurrences(of: "5,000", with: "6,000"),
                                                      hash: hash(transaction))),
        ("status changed", body(transaction: transaction.replacingOccurrences(of: "\"TS\"", with: "\"TF\""), hash: hash(transaction))),
        // The hash covers the bytes of the member spelt `transaction`; the decoder reads the first member whose key
        // decodes to `transaction`, escapes and all. A genuine callback's hash must not vouch for another transaction
        // put in front of it under an escaped key, nor under a repeated one.
        ("another transaction under an escaped key in front of the hashed one",
         #"{"transacti\u006fn":{"id":"VICTIMref","status_code":"TS","airtel_money_id":"MP1"},"transaction":\#(transaction),"#
            + #""hash":"\#(hash(transaction))"}"#),
        ("the transaction member twice", #"{"transaction":\#(transaction),"transaction":{"id":"VICTIMref","status_code":"TS"},"#
            + #""hash":"\#(hash(transaction))"}"#),
        ("not base64", body(hash: "not base64!")),
        ("hex instead of base64", body(hash: Hex.encode(HMACKey(.sha256, key: Array(Support.hashKey.utf8))
            .authenticationCode(for: Array(transaction.utf8))))),
    ]

    @Test(arguments: refused)
    func anUnauthenticatedCallbackIsRefused(_ label: String, _ body: String) {
        #expect(performing: { try Self.handler().parse(Self.incoming(body)) },
                throws: { ($0 as? NotificationError)?.kind == .unauthenticated })
    }

    @Test(arguments: ["not json", "{}", #"{"transaction":{"id":"x","status_code":"XX"}}"#, #"{"transaction":{"status_code":"TS"}}"#,
                      #"{"transaction":"TS"}"#])
    func malformedCallbacksAreRefused(_ body: String) {
        #expect(performing: { try Self.handler(hashKey: nil).parse(Self.incoming(body)) },
                throws: { ($0 as? NotificationError)?.kind == .malformed })
    }

    @Test(arguments: [
        (#"{"transaction":{"a":1},"hash":"h"}"#, #"{"a":1}"#),
        (#"{ "hash" : "h" , "transaction" : { "a" : "}" , "b" : [1,{"c":"\""}] } }"#, #"{ "a" : "}" , "b" : [1,{"c":"\""}] }"#),
        (#"{"other":{"transaction":{"x":1}},"transaction":{"y":2}}"#, #"{"y":2}"#),
        (#"{"hash":"h"}"#, nil),
        (#"{"transaction":{"a":1},"transaction":{"b":2}}"#, nil),
        (#"{"transacti\u006fn":{"a":1},"transaction":{"b":2}}"#, nil),
        (#"{"transaction\"":{"a":1},"transaction":{"b":2}}"#, #"{"b":2}"#),
        (#"{"transaction":{"a":1},"hash":"h""#, nil),
        (#"["transaction"]"#, nil),
    ])
    func theTransactionBytesAreFoundAsWritten(_ body: String, _ expected: String?) {
        #expect(AirtelMoneyCallbackHash.transactionBytes(in: Array(body.utf8)).map { String(decoding: $0, as: UTF8.self) } == expected)
    }
}
