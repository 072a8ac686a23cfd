import Foundation
import Testing
@testable import Simulators

/// One way of getting a refund POST's headers or body wrong, and MoMo's answer to it.
struct MoMoInvalidRefund: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int
    let code: String?
    let alter: @Sendable (inout MoMoRefundCall) -> Void

    var testDescription: String { name }

    static let all: [MoMoInvalidRefund] = [
        .init(name: "missing subscription key", status: 401, code: nil) { $0.overrides["Ocp-Apim-Subscription-Key"] = .some(nil) },
        .init(name: "wrong subscription key", status: 401, code: nil) { $0.overrides["Ocp-Apim-Subscription-Key"] = "other" },
        .init(name: "missing bearer token", status: 401, code: nil) { $0.overrides["Authorization"] = .some(nil) },
        .init(name: "unknown bearer token", status: 401, code: nil) { $0.overrides["Authorization"] = "Bearer forged" },
        .init(name: "Basic instead of Bearer", status: 401, code: nil) {
            $0.overrides["Authorization"] = MoMoTestClient.basic(MoMoTestHarness.userID, MoMoTestHarness.apiKey)
        },
        .init(name: "missing target environment", status: 400, code: nil) { $0.overrides["X-Target-Environment"] = .some(nil) },
        .init(name: "wrong target environment", status: 500, code: "NOT_ALLOWED_TARGET_ENVIRONMENT") {
            $0.overrides["X-Target-Environment"] = "mtnrwanda"
        },
        .init(name: "missing reference", status: 400, code: nil) { $0.overrides["X-Reference-Id"] = .some(nil) },
        .init(name: "reference not a UUID", status: 400, code: nil) { $0.reference = "refund-42" },
        .init(name: "reference a UUID v1", status: 400, code: nil) { $0.reference = "a0eebc99-9c0b-11d1-b465-00c04fd430c8" },
        .init(name: "callback host not registered", status: 500, code: "INVALID_CALLBACK_URL_HOST") {
            $0.callbackURL = "http://attacker.example/momo"
        },
        .init(name: "amount as a JSON number", status: 400, code: nil) { $0.amountJSON = "40" },
        .init(name: "amount with a sign", status: 400, code: nil) { $0.amountJSON = "\"-40\"" },
        .init(name: "amount zero", status: 400, code: nil) { $0.amountJSON = "\"0\"" },
        .init(name: "EUR amount with three decimals", status: 400, code: nil) { $0.amountJSON = "\"10.005\"" },
        .init(name: "currency not accepted", status: 500, code: "INVALID_CURRENCY") { $0.currency = "USD" },
        .init(name: "payer message over 160 characters", status: 400, code: nil) { $0.payerMessage = String(repeating: "a", count: 161) },
        .init(name: "payee note over 160 characters", status: 400, code: nil) { $0.payeeNote = String(repeating: "n", count: 161) },
        .init(name: "referenceIdToRefund missing", status: 400, code: nil) { $0.refundedReference = nil },
        .init(name: "referenceIdToRefund not a UUID", status: 400, code: nil) { $0.refundedReference = "order-42" },
    ]
}

/// What `referenceIdToRefund` names, and MoMo's answer to a refund of it.
enum MoMoRefundTarget: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case unknownReference, failedCollection, pendingCollection, transfer, deposit, refund, otherCurrency, moreThanPaid
    case upperCaseReference

    var testDescription: String { rawValue }

    /// The answer's status and, for a refusal, its exact body.
    var expected: (status: Int, body: [String: String]?) {
        switch self {
        case .unknownReference: (404, ["code": "RESOURCE_NOT_FOUND", "message": "referenceIdToRefund names no transaction."])
        case .failedCollection: (500, ["code": "NOT_ALLOWED", "message": "The transaction to refund is FAILED, not SUCCESSFUL."])
        case .pendingCollection: (500, ["code": "NOT_ALLOWED", "message": "The transaction to refund is PENDING, not SUCCESSFUL."])
        case .transfer, .deposit, .refund:
            (500, ["code": "NOT_ALLOWED", "message": "referenceIdToRefund names a \(rawValue); only a requesttopay can be refunded."])
        case .otherCurrency: (500, ["code": "INVALID_CURRENCY", "message": "The transaction to refund is in EUR."])
        case .moreThanPaid: (500, ["code": "NOT_ALLOWED", "message": "The amount exceeds what is left to refund: 100 EUR."])
        case .upperCaseReference: (202, nil)
        }
    }
}

@Suite("MTN MoMo simulator: validation of refunds")
struct MoMoRefundValidationTests {
    @Test(arguments: MoMoInvalidRefund.all)
    func refused(_ invalid: MoMoInvalidRefund) async throws {
        let harness = MoMoTestHarness { $0.subscriptionKey = "sub-key" }
        try await harness.withClient { client in
            let paid = try await client.settledCollection(token: try await client.token(.collection))
            var refund = MoMoRefundCall(token: try await client.token(.disbursement), refunding: paid.reference)
            invalid.alter(&refund)
            let answer = try await client.refund(refund)
            #expect(answer.status.code == invalid.status)
            if let code = invalid.code { #expect(answer.code == code) }
            #expect(answer.json?["message"] is String)
            #expect(await harness.simulator.transactions().map(\.kind) == [.requestToPay])
        }
    }

    @Test(arguments: MoMoRefundTarget.allCases)
    func target(_ target: MoMoRefundTarget) async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let collect = try await client.token(.collection)
            let token = try await client.token(.disbursement)
            var refund = MoMoRefundCall(token: token, refunding: nil)
            switch target {
            case .unknownReference:
                refund.refundedReference = UUID().uuidString.lowercased()
            case .failedCollection:
                refund.refundedReference = try await client.settledCollection(token: collect, payer: "250780001002").reference
            case .pendingCollection:
                let pending = MoMoPaymentCall(token: collect, partyID: "250780002001")
                #expect(try await client.pay(pending).status == .accepted)
                refund.refundedReference = pending.reference
            case .transfer, .deposit:
                let payout = MoMoPaymentCall(kind: target == .transfer ? .transfer : .deposit, token: token)
                #expect(try await client.pay(payout).status == .accepted)
                _ = try await client.finalStatus(payout.kind, token: token, reference: payout.reference)
                refund.refundedReference = payout.reference
            case .refund:
                let first = MoMoRefundCall(token: token, refunding: try await client.settledCollection(token: collect).reference)
                #expect(try await client.refund(first).status == .accepted)
                refund.refundedReference = first.reference
                refund.amountJSON = "\"1\""
            case .otherCurrency:
                refund.refundedReference = try await client.settledCollection(token: collect).reference
                refund.currency = "RWF"
            case .moreThanPaid:
                refund.refundedReference = try await client.settledCollection(token: collect).reference
                refund.amountJSON = "\"100.01\""
            case .upperCaseReference:
                refund.refundedReference = try await client.settledCollection(token: collect).reference.uppercased()
            }
            let before = await harness.simulator.transactions().count
            let answer = try await client.refund(refund)
            #expect(answer.status.code == target.expected.status)
            #expect(answer.json as? [String: String] == target.expected.body)
            let recorded = await harness.simulator.transactions().count - before
            #expect(recorded == (target.expected.status == 202 ? 1 : 0))
        }
    }

    @Test("a refund needs a disbursement token; the collection product has no refund")
    func collectionProduct() async throws {
        let harness = MoMoTestHarness()
        try await harness.withClient { client in
            let collect = try await client.token(.collection)
            let paid = try await client.settledCollection(token: collect)
            let refund = MoMoRefundCall(token: collect, refunding: paid.reference)
            #expect(try await client.refund(refund).status == .unauthorized)
            let onCollection = try await client.call(.post, "/collection/v1_0/refund", headers: refund.headers, body: refund.body)
            #expect(onCollection.status == .notFound)
            #expect(await harness.simulator.transactions().map(\.kind) == [.requestToPay])
        }
    }
}
