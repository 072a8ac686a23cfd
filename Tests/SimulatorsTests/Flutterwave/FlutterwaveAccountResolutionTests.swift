import Foundation
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: bank account resolution")
struct FlutterwaveAccountResolutionTests {
    func resolve(_ client: FlutterwaveTestClient, _ body: String) async throws -> FlutterwaveAnswer {
        try await client.call(.post, "/v3/accounts/resolve", body: body)
    }

    @Test("the documentation's sample account resolves to its holder, as documented")
    func documentedSample() async throws {
        try await FlutterwaveTestHarness().withClient { client in
            let answer = try await resolve(client, #"{"account_number":"0690000032","account_bank":"044"}"#)
            #expect(answer.status == .ok)
            #expect(answer.envelopeStatus == "success")
            #expect(answer.message == "Account details fetched")
            #expect(answer.data?["account_number"] as? String == "0690000032")
            #expect(answer.data?["account_name"] as? String == "Pastor Bright")
            #expect(answer.data?.count == 2)
        }
    }

    @Test("any other number resolves to the same made-up holder every time")
    func otherNumbers() async throws {
        try await FlutterwaveTestHarness().withClient { client in
            let first = try await resolve(client, #"{"account_number":"0123456789","account_bank":"058"}"#)
            let again = try await resolve(client, #"{"account_number":"0123456789","account_bank":"058","country":"NG"}"#)
            #expect(first.status == .ok && again.status == .ok)
            let name = try #require(first.data?["account_name"] as? String)
            #expect(name == FlutterwaveAccountHolder.name(of: "0123456789"))
            #expect(again.data?["account_name"] as? String == name)
            #expect(first.data?["account_number"] as? String == "0123456789")
        }
    }

    @Test("a failure number cannot be resolved: 400 with the documented message", arguments: ["0121212121", "0010101011", "0700000001", "0700000002"])
    func unresolvable(_ number: String) async throws {
        try await FlutterwaveTestHarness().withClient { client in
            let answer = try await resolve(client, #"{"account_number":"\#(number)","account_bank":"044"}"#)
            #expect(answer.status == .badRequest)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.message == "Sorry, that account number is invalid, please check and try again")
            #expect(answer.json?["data"] is NSNull)
        }
    }

    @Test("…700000006 is the documented 500, …700000005 the 503 after the timeout, …700000004 a slow answer")
    func faults() async throws {
        try await FlutterwaveTestHarness().withClient { client in
            let server = try await resolve(client, #"{"account_number":"0700000006","account_bank":"044"}"#)
            #expect(server.status == .internalServerError)
            #expect(server.json?["code"] as? String == "app_error")
            #expect(server.json?["status"] == nil)
            var started = ContinuousClock.now
            let timedOut = try await resolve(client, #"{"account_number":"0700000005","account_bank":"044"}"#)
            #expect(timedOut.status == .serviceUnavailable)
            #expect(timedOut.message == "An error occurred. Please contact support")
            #expect(ContinuousClock.now - started >= .milliseconds(250))
            started = ContinuousClock.now
            let slow = try await resolve(client, #"{"account_number":"0700000004","account_bank":"044"}"#)
            #expect(slow.status == .ok && slow.data?["account_name"] != nil)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test("both fields are required strings, the number digits; the first fault is answered", arguments: [
        (#"{"account_bank":"044"}"#, "account_number is required"),
        (#"{"account_number":"  ","account_bank":"044"}"#, "account_number is required"),
        (#"{"account_number":690000032,"account_bank":"044"}"#, "account_number must be a string"),
        (#"{"account_number":"0690000032"}"#, "account_bank is required"),
        (#"{"account_number":"0690000032","account_bank":null}"#, "account_bank is required"),
        (#"{"account_number":"0690000032","account_bank":44}"#, "account_bank must be a string"),
        (#"{"account_number":"069-000-0032","account_bank":"044"}"#, "Sorry, that account number is invalid, please check and try again"),
        (#"["0690000032","044"]"#, "Request body must be a JSON object"),
        ("account_number=0690000032&account_bank=044", "Request body must be a JSON object"),
    ])
    func strictBody(_ body: String, _ message: String) async throws {
        try await FlutterwaveTestHarness().withClient { client in
            let answer = try await resolve(client, body)
            #expect(answer.status == .badRequest)
            #expect(answer.envelopeStatus == "error")
            #expect(answer.message == message)
        }
    }

    @Test("the secret key is required: 401 without it, nothing resolved")
    func keyRequired() async throws {
        try await FlutterwaveTestHarness { $0.secretKey = FlutterwaveTestHarness.secretKey }.withClient { client in
            let body = #"{"account_number":"0690000032","account_bank":"044"}"#
            let missing = try await client.call(.post, "/v3/accounts/resolve", body: body, key: nil)
            #expect(missing.status == .unauthorized && missing.message == "Authorization required")
            let wrong = try await client.call(.post, "/v3/accounts/resolve", body: body, key: "FLWSECK_TEST-another-key-X")
            #expect(wrong.status == .unauthorized && wrong.message == "Invalid authorization key")
            #expect(!wrong.bodyText.contains("Pastor"))
        }
    }
}
