import Foundation
import Testing
@testable import Simulators

@Suite("Flutterwave simulator: lenient where HTTP clients differ")
struct FlutterwaveLeniencyTests {
    @Test("a trailing slash reaches the same route", arguments: [
        "/v3/transactions/verify_by_reference/?tx_ref=SLASH-1", "/v3/transfers/", "/v3/balances/",
    ])
    func trailingSlash(_ path: String) async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeToken(txRef: "SLASH-1")
            let answer = try await client.call(.get, path)
            #expect(answer.status == .ok)
            #expect(answer.envelopeStatus == "success")
        }
    }

    @Test("header names in any case, no Content-Type, unknown query parameters")
    func headersAndQuery() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let body = #"{"token":"flw-t1nf-5531886652142950-m03k","tx_ref":"HDR-1","amount":10,"currency":"NGN","email":"a@b.co"}"#
            let answer = try await client.client.execute(
                uri: "/v3/tokenized-charges?utm_source=test", method: .post,
                headers: [.init("AUTHORIZATION")!: "BEARER \(FlutterwaveTestHarness.secretKey)"], body: .init(string: body)
            ) { FlutterwaveAnswer(status: $0.status, headers: $0.headers, bodyText: String(buffer: $0.body)) }
            #expect(answer.status == .ok)
            #expect(answer.header("content-type")?.hasPrefix("application/json") == true)
            #expect(answer.data?["tx_ref"] as? String == "HDR-1")
        }
    }

    @Test("JSON with whitespace, duplicate keys (the first wins) and nulls for optional fields")
    func jsonVariants() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            let body = """
                {
                  "tx_ref" : "WS-1", "tx_ref": "WS-2",
                  "amount" : 1500 , "currency" : "UGX", "email" : "a@b.co",
                  "phone_number" : "256772123456", "network": null, "fullname": null, "meta": null
                }
                """
            let answer = try await client.call(.post, "/v3/charges?type=mobile_money_uganda", body: body)
            #expect(answer.status == .ok)
            #expect(await harness.simulator.charge(txRef: "WS-1")?.amount.minorUnits == 1_500)
        }
    }
}

extension FlutterwaveAnswer {
    func header(_ name: String) -> String? {
        headers.first { $0.name.canonicalName == name.lowercased() }?.value
    }
}
