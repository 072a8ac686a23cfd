import Foundation
import Hub

/// The wallet API's request bodies: the strict JSON reader and the top-up and withdrawal body checks (their sources,
/// linked into this target from Sources/HubServer, in WalletAPI/).
///
/// Input: one selector byte (bit 0: top-up or withdrawal), then the body. Invariants: nothing traps; a body the
/// strict reader accepts, if it holds no fraction, Foundation's reader accepts too (the strict one only refuses
/// more); an accepted payment request has a positive amount, a currency of the table, and metadata of plain text.
enum APIBodyFuzz {
    static let target = FuzzTarget(name: "api-body", run: run, seeds: seeds)

    static func run(_ bytes: [UInt8]) {
        let input = FuzzInput(bytes)
        let body = Data(input.payload(after: 1))
        if let value = try? StrictJSON.parse(body), !containsFraction(value) {
            guard (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil else {
                violated("the strict JSON reader accepted a body Foundation refuses")
            }
        }
        let kind: PaymentKind = input.byte(0) & 1 == 0 ? .topUp : .withdrawal
        guard let request = try? PaymentRequestBody.parse(body, kind: kind, idempotencyKey: "fuzz-key") else { return }
        guard request.amount.minorUnits > 0 else { violated("a payment request with a non-positive amount") }
        guard Currency(code: request.amount.currency.code) == request.amount.currency else { violated("a currency outside the table") }
        guard request.kind == kind, request.metadata.allSatisfy({ PaymentRequestBody.isPlainText($0.key) && PaymentRequestBody.isPlainText($0.value) })
        else { violated("metadata with control or bidirectional characters") }
    }

    static func containsFraction(_ value: JSONValue) -> Bool {
        switch value {
        case .fraction: true
        case .array(let items): items.contains(where: containsFraction)
        case .object(let members): members.values.contains(where: containsFraction)
        case .null, .bool, .integer, .string: false
        }
    }

    static let bodies = [
        #"{"wallet_id":"w-1","amount":1500,"currency":"RWF","source":{"type":"mobile_money","msisdn":"+250788123456"}}"#,
        #"{"wallet_id":"w-1","amount":100,"currency":"KES","destination":{"type":"mobile_money","msisdn":"0712345678","country":"KE"},"require_active_recipient":true}"#,
        #"{"wallet_id":"w-2","amount":2500,"currency":"USD","source":{"type":"card","payment_method":"pm_card_visa"},"metadata":{"order":"42"}}"#,
        #"{"wallet_id":"w-3","amount":9223372036854775807,"currency":"UGX","provider":"mtn","source":{"type":"mobile_money","msisdn":"+256772123456"}}"#,
        #"{"a":[1,-2,3.5e-1,true,false,null,"\u00e9\ud83d\ude00\n"],"b":{}}"#,
    ]

    static func seeds(_ fixtures: FixtureFiles) throws -> [[UInt8]] {
        bodies.flatMap { body in [[0] + Array(body.utf8), [1] + Array(body.utf8)] }
    }
}
