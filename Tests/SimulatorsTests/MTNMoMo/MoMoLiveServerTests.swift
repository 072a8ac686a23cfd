import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import Simulators

@Suite("MTN MoMo simulator: serving on a loopback port")
struct MoMoLiveServerTests {
    @Test("run reports the bound port, serves requests and stops when cancelled")
    func runOnEphemeralPort() async throws {
        let harness = MoMoTestHarness()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await harness.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)

            let url = try #require(URL(string: "http://127.0.0.1:\(port)/sim/v1/transactions"))
            let (data, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "[]")
            group.cancelAll()
        }
    }

    @Test("over real HTTP: an account-holder check, a collection, its refund and a deposit")
    func refundOverLoopback() async throws {
        let harness = MoMoTestHarness()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await harness.simulator.run(host: "127.0.0.1", port: 0) { port in continuation.yield(port) }
            }
            var iterator = ports.makeAsyncIterator()
            let base = "http://127.0.0.1:\(try #require(await iterator.next()))"
            let basic = MoMoTestClient.basic(MoMoTestHarness.userID, MoMoTestHarness.apiKey)
            var tokens: [MoMoProduct: String] = [:]
            for product in MoMoProduct.allCases {
                let (status, body) = try await Self.send("POST", "\(base)/\(product.rawValue)/token/", ["Authorization": basic])
                #expect(status == 200)
                tokens[product] = try #require(body?["access_token"] as? String)
            }
            let collect = try #require(tokens[.collection])
            let disburse = try #require(tokens[.disbursement])

            let active = try await Self.send("GET", "\(base)/collection/v1_0/accountholder/msisdn/250780003001/active", bearer: collect)
            #expect(active.status == 200)
            #expect(active.body?["result"] as? Bool == false)
            let info = try await Self.send(
                "GET", "\(base)/disbursement/v1_0/accountholder/msisdn/250788123456/basicuserinfo", bearer: disburse
            )
            #expect(info.body?["family_name"] as? String == "Uwase")

            let collection = UUID().uuidString.lowercased()
            let pay = try await Self.send("POST", "\(base)/collection/v1_0/requesttopay", bearer: collect, reference: collection, body: """
                {"amount":"1500","currency":"RWF","externalId":"order-7","payer":{"partyIdType":"MSISDN","partyId":"250788123456"}}
                """)
            #expect(pay.status == 202)
            try await Task.sleep(for: MoMoTestHarness.settleDelay + .milliseconds(30))
            let refund = UUID().uuidString.lowercased()
            let refunded = try await Self.send("POST", "\(base)/disbursement/v2_0/refund", bearer: disburse, reference: refund, body: """
                {"amount":"1500","currency":"RWF","externalId":"refund-7","referenceIdToRefund":"\(collection)"}
                """)
            #expect(refunded.status == 202)
            let deposit = UUID().uuidString.lowercased()
            let deposited = try await Self.send("POST", "\(base)/disbursement/v1_0/deposit", bearer: disburse, reference: deposit, body: """
                {"amount":"700","currency":"RWF","payee":{"partyIdType":"MSISDN","partyId":"250789654321"}}
                """)
            #expect(deposited.status == 202)
            try await Task.sleep(for: MoMoTestHarness.settleDelay + .milliseconds(30))
            let status = try await Self.send("GET", "\(base)/disbursement/v1_0/refund/\(refund)", bearer: disburse)
            #expect(status.body?["status"] as? String == "SUCCESSFUL")
            #expect((status.body?["payee"] as? [String: String])?["partyId"] == "250788123456")
            let again = UUID().uuidString
            let over = try await Self.send("POST", "\(base)/disbursement/v1_0/refund", bearer: disburse, reference: again, body: """
                {"amount":"1","currency":"RWF","referenceIdToRefund":"\(collection)"}
                """)
            #expect(over.status == 500)
            #expect(over.body?["code"] as? String == "NOT_ALLOWED")
            let kinds = await harness.simulator.transactions().map { "\($0.kind.rawValue) \($0.status.rawValue)" }
            #expect(kinds == ["requesttopay SUCCESSFUL", "refund SUCCESSFUL", "deposit SUCCESSFUL"])
            #expect(await harness.simulator.balance(of: .disbursement, in: .RWF).minorUnits == 1_000_000_000 - 1500 - 700)
            group.cancelAll()
        }
        await harness.simulator.shutdown()
    }

    /// One request with the subscription key and, given a bearer token, the target environment; the JSON answer.
    private static func send(
        _ method: String, _ url: String, _ headers: [String: String] = [:], bearer: String? = nil, reference: String? = nil,
        body: String? = nil
    ) async throws -> (status: Int, body: [String: Any]?) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        request.setValue("sub-key", forHTTPHeaderField: "Ocp-Apim-Subscription-Key")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let bearer {
            request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization")
            request.setValue("sandbox", forHTTPHeaderField: "X-Target-Environment")
        }
        if let reference { request.setValue(reference, forHTTPHeaderField: "X-Reference-Id") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, json)
    }
}
