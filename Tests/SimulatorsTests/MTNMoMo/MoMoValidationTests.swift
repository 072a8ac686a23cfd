import Foundation
import Testing
@testable import Simulators

/// One way of getting a payment POST wrong, and MoMo's answer to it.
struct MoMoInvalidPayment: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int
    let code: String?
    let alter: @Sendable (inout MoMoPaymentCall) -> Void

    var testDescription: String { name }

    static let all: [MoMoInvalidPayment] = [
        .init(name: "missing subscription key", status: 401, code: nil) { $0.overrides["Ocp-Apim-Subscription-Key"] = .some(nil) },
        .init(name: "wrong subscription key", status: 401, code: nil) { $0.overrides["Ocp-Apim-Subscription-Key"] = "other" },
        .init(name: "missing bearer token", status: 401, code: nil) { $0.overrides["Authorization"] = .some(nil) },
        .init(name: "unknown bearer token", status: 401, code: nil) { $0.overrides["Authorization"] = "Bearer forged" },
        .init(name: "Basic instead of Bearer", status: 401, code: nil) {
            $0.overrides["Authorization"] = MoMoTestClient.basic(MoMoTestHarness.userID, MoMoTestHarness.apiKey)
        },
        .init(name: "missing target environment", status: 400, code: nil) { $0.overrides["X-Target-Environment"] = .some(nil) },
        .init(name: "wrong target environment", status: 500, code: "NOT_ALLOWED_TARGET_ENVIRONMENT") {
            $0.overrides["X-Target-Environment"] = "mtnuganda"
        },
        .init(name: "missing reference", status: 400, code: nil) { $0.overrides["X-Reference-Id"] = .some(nil) },
        .init(name: "reference not a UUID", status: 400, code: nil) { $0.reference = "order-42" },
        .init(name: "reference a UUID v1", status: 400, code: nil) { $0.reference = "a0eebc99-9c0b-11d1-b465-00c04fd430c8" },
        .init(name: "callback host not registered", status: 500, code: "INVALID_CALLBACK_URL_HOST") {
            $0.callbackURL = "http://attacker.example/momo"
        },
        .init(name: "amount as a JSON number", status: 400, code: nil) { $0.amountJSON = "100" },
        .init(name: "amount with a sign", status: 400, code: nil) { $0.amountJSON = "\"-100\"" },
        .init(name: "amount zero", status: 400, code: nil) { $0.amountJSON = "\"0\"" },
        .init(name: "EUR amount with three decimals", status: 400, code: nil) { $0.amountJSON = "\"10.005\"" },
        .init(name: "RWF amount with decimals", status: 400, code: nil) {
            $0.currency = "RWF"
            $0.amountJSON = "\"1500.5\""
        },
        .init(name: "currency not accepted", status: 500, code: "INVALID_CURRENCY") { $0.currency = "USD" },
        .init(name: "currency unknown", status: 500, code: "INVALID_CURRENCY") { $0.currency = "XYZ" },
        .init(name: "party id with a plus sign", status: 400, code: nil) { $0.partyID = "+250788123456" },
        .init(name: "party id type not MSISDN", status: 400, code: nil) { $0.partyIDType = "msisdn" },
        .init(name: "payer message over 160 characters", status: 400, code: nil) {
            $0.payerMessage = String(repeating: "a", count: 161)
        },
    ]
}

@Suite("MTN MoMo simulator: validation of request-to-pay and transfer")
struct MoMoValidationTests {
    @Test(arguments: MoMoInvalidPayment.all, MoMoProduct.allCases)
    func refused(_ invalid: MoMoInvalidPayment, product: MoMoProduct) async throws {
        let harness = MoMoTestHarness { $0.subscriptionKey = "sub-key" }
        try await harness.withClient { client in
            var payment = MoMoPaymentCall(product: product, token: try await client.token(product))
            invalid.alter(&payment)
            let answer = try await client.pay(payment)
            #expect(answer.status.code == invalid.status)
            if let code = invalid.code { #expect(answer.code == code) }
            #expect(answer.json?["message"] is String)
            #expect(await harness.simulator.transactions().isEmpty)
        }
    }

    @Test("160 characters and two EUR decimals are accepted")
    func limitsAccepted() async throws {
        try await MoMoTestHarness().withClient { client in
            var payment = MoMoPaymentCall(token: try await client.token(.collection))
            payment.payerMessage = String(repeating: "a", count: 160)
            payment.amountJSON = "\"10.05\""
            #expect(try await client.pay(payment).status == .accepted)
        }
    }

    @Test("a token of the other product is refused", arguments: MoMoProduct.allCases)
    func otherProductToken(_ product: MoMoProduct) async throws {
        try await MoMoTestHarness().withClient { client in
            let other: MoMoProduct = product == .collection ? .disbursement : .collection
            let answer = try await client.pay(MoMoPaymentCall(product: product, token: try await client.token(other)))
            #expect(answer.status == .unauthorized)
            let status = try await client.status(product, token: try await client.token(other), reference: UUID().uuidString)
            #expect(status.status == .unauthorized)
        }
    }

    @Test("a repeated reference is 409 RESOURCE_ALREADY_EXIST", arguments: MoMoProduct.allCases)
    func duplicate(_ product: MoMoProduct) async throws {
        try await MoMoTestHarness().withClient { client in
            let payment = MoMoPaymentCall(product: product, token: try await client.token(product))
            #expect(try await client.pay(payment).status == .accepted)
            let again = try await client.pay(payment)
            #expect(again.status == .conflict)
            #expect(again.code == "RESOURCE_ALREADY_EXIST")
            #expect(again.json?["message"] as? String == "Duplicated reference id. Creation of resource failed.")
        }
    }

    @Test("an unknown reference is 404 RESOURCE_NOT_FOUND", arguments: MoMoProduct.allCases)
    func unknownReference(_ product: MoMoProduct) async throws {
        try await MoMoTestHarness().withClient { client in
            let answer = try await client.status(product, token: try await client.token(product), reference: UUID().uuidString)
            #expect(answer.status == .notFound)
            #expect(answer.code == "RESOURCE_NOT_FOUND")
        }
    }

    @Test("a provisioned user's callback must use its own host, even on loopback")
    func provisionedUserCallbackHost() async throws {
        try await MoMoTestHarness().withClient { client in
            let userID = UUID().uuidString
            let key = ["Ocp-Apim-Subscription-Key": "sub-key"]
            _ = try await client.call(.post, "/v1_0/apiuser", headers: key.merging(["X-Reference-Id": userID]) { $1 },
                                      body: #"{"providerCallbackHost":"hub.example.rw"}"#)
            let apiKey = try #require(try await client.call(.post, "/v1_0/apiuser/\(userID)/apikey", headers: key).json?["apiKey"] as? String)
            var payment = MoMoPaymentCall(token: try await client.token(.collection, user: userID, key: apiKey))
            #expect(try await client.pay(payment).code == "INVALID_CALLBACK_URL_HOST")
            payment.callbackURL = "https://HUB.example.rw:8443/momo"
            #expect(try await client.pay(payment).status == .accepted)
        }
    }
}
