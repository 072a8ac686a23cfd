import Foundation
import Testing
@testable import Simulators

/// One STK push Daraja refuses, and how.
struct MPesaSTKRefusal: Sendable, CustomTestStringConvertible {
    let name: String
    let alter: @Sendable (inout MPesaSTKCall) -> Void
    let status: Int
    let errorCode: String
    let errorMessage: String

    var testDescription: String { name }

    static func invalid(_ name: String, _ field: String, _ alter: @escaping @Sendable (inout MPesaSTKCall) -> Void) -> MPesaSTKRefusal {
        MPesaSTKRefusal(name: name, alter: alter, status: 400, errorCode: "400.002.02", errorMessage: "Bad Request - Invalid \(field)")
    }

    static let all: [MPesaSTKRefusal] = [
        .invalid("shortcode with letters", "BusinessShortCode") { $0.shortcode = "\"17437A\"" },
        .invalid("shortcode of four digits", "BusinessShortCode") { $0.shortcode = "1743" },
        .invalid("timestamp with separators", "Timestamp") { $0.timestamp = "2024-01-01T10:00:00" },
        .invalid("timestamp of a day that does not exist", "Timestamp") { $0.timestamp = "20240230101010" },
        .invalid("timestamp two days old", "Timestamp") {
            $0.timestamp = MPesaClock.string(Date().addingTimeInterval(-2 * 86_400), format: "yyyyMMddHHmmss")
        },
        .invalid("unknown transaction type", "TransactionType") { $0.transactionType = "\"CustomerPayBill\"" },
        .invalid("a fraction of a shilling", "Amount") { $0.amount = "10.5" },
        .invalid("a fraction as a string", "Amount") { $0.amount = "\"99.99\"" },
        .invalid("zero", "Amount") { $0.amount = "0" },
        .invalid("a negative amount", "Amount") { $0.amount = "-5" },
        .invalid("an exponent", "Amount") { $0.amount = "1e3" },
        .invalid("PartyA with a plus", "PartyA") { $0.partyA = "\"+254708374149\"" },
        .invalid("PartyB that is a phone", "PartyB") { $0.partyB = "254708374149" },
        .invalid("a local phone number", "PhoneNumber") { $0.phone = "\"0708374149\"" },
        .invalid("a Tanzanian phone number", "PhoneNumber") { $0.phone = "255708374149" },
        .invalid("a landline-length number", "PhoneNumber") { $0.phone = "25470837414" },
        .invalid("a callback over plain http to a public host", "CallBackURL") { $0.callbackURL = "http://hub.example.ke/cb" },
        .invalid("a callback that is not a URL", "CallBackURL") { $0.callbackURL = "hub.example.ke/cb" },
        .invalid("an account reference of 13 characters", "AccountReference") { $0.reference = "ABCDEFGHIJKLM" },
        .invalid("an empty account reference", "AccountReference") { $0.reference = "" },
        .invalid("a description of 14 characters", "TransactionDesc") { $0.description = "ABCDEFGHIJKLMN" },
        MPesaSTKRefusal(name: "another shortcode", alter: { $0.shortcode = "600000" }, status: 500, errorCode: "500.001.1001",
                        errorMessage: "Merchant does not exist"),
        MPesaSTKRefusal(name: "a password from another passkey", alter: {
            $0.password = MPesaValidation.password(shortcode: "174379", passkey: "not-the-passkey", timestamp: $0.timestamp)
        }, status: 500, errorCode: "500.001.1001", errorMessage: "Wrong credentials"),
        MPesaSTKRefusal(name: "a password for another timestamp", alter: {
            $0.password = MPesaValidation.password(shortcode: "174379", passkey: MPesaTestHarness.passkey, timestamp: "20200225181525")
        }, status: 500, errorCode: "500.001.1001", errorMessage: "Wrong credentials"),
        MPesaSTKRefusal(name: "an empty password", alter: { $0.password = "" }, status: 500, errorCode: "500.001.1001",
                        errorMessage: "Wrong credentials"),
    ]
}

@Suite("M-Pesa simulator: STK push refusals")
struct MPesaSTKValidationTests {
    @Test(arguments: MPesaSTKRefusal.all)
    func refused(_ refusal: MPesaSTKRefusal) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            var push = MPesaSTKCall()
            refusal.alter(&push)
            let answer = try await client.stkPush(push, token: try await client.token())
            #expect(answer.status.code == refusal.status)
            #expect(answer.errorCode == refusal.errorCode)
            #expect(answer.errorMessage == refusal.errorMessage)
            #expect(answer["requestId"]?.isEmpty == false)
            #expect(await harness.simulator.pushes().isEmpty)
        }
    }

    @Test("a missing field is reported by name", arguments: ["BusinessShortCode", "Timestamp", "TransactionType", "Amount", "PartyA",
                                                              "PartyB", "PhoneNumber", "CallBackURL", "AccountReference"])
    func missingField(_ field: String) async throws {
        try await MPesaTestHarness().withClient { client in
            var object = try #require(try JSONSerialization.jsonObject(with: Data(MPesaSTKCall().body.utf8)) as? [String: Any])
            object[field] = nil
            let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let answer = try await client.post("/mpesa/stkpush/v1/processrequest", token: try await client.token(), body: body)
            #expect(answer.status == .badRequest)
            #expect(answer.errorMessage == "Bad Request - Invalid \(field)")
        }
    }

    @Test("without a JSON Content-Type the body is not read: Invalid BusinessShortCode; a body that is not JSON is 400.002.05")
    func unreadableBody() async throws {
        try await MPesaTestHarness().withClient { client in
            let token = try await client.token()
            let form = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: MPesaSTKCall().body,
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(form.errorMessage == "Bad Request - Invalid BusinessShortCode")
            let none = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: MPesaSTKCall().body,
                                             headers: ["Content-Type": nil])
            #expect(none.errorMessage == "Bad Request - Invalid BusinessShortCode")
            let broken = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: #"{"BusinessShortCode":"#)
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "400.002.05")
            let array = try await client.post("/mpesa/stkpush/v1/processrequest", token: token, body: "[]")
            #expect(array.errorCode == "400.002.05")
        }
    }

    @Test("an http callback on a loopback host is accepted",
          arguments: ["http://127.0.0.1:8080/cb", "http://localhost/cb", "http://[::1]:9/cb"])
    func loopbackCallback(_ url: String) async throws {
        try await MPesaTestHarness().withClient { client in
            var push = MPesaSTKCall()
            push.callbackURL = url
            let token = try await client.token()
            #expect(try await client.stkPush(push, token: token).status == .ok)
        }
    }
}
