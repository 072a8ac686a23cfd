import Foundation
import Hub
import Testing
import Webhooks
@testable import Simulators

@Suite("M-Pesa simulator: B2C payments, results, credentials and the float")
struct MPesaB2CTests {
    static func result(_ request: Hub.HTTPRequest?) throws -> [String: Any] {
        let body = try #require(request?.body)
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        return try #require(json["Result"] as? [String: Any])
    }

    static func parameters(_ result: [String: Any]) -> [String: Any] {
        let list = (result["ResultParameters"] as? [String: Any])?["ResultParameter"] as? [[String: Any]] ?? []
        let pairs = list.compactMap { item in (item["Key"] as? String).map { ($0, item["Value"] as Any) } }
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    @Test("v3: the ack echoes OriginatorConversationID; the result has the documented shape and parameters")
    func v3Success() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let payment = MPesaB2CCall()
            let answer = try await client.b2c(payment, token: try await client.token())
            #expect(answer.status == .ok)
            #expect(Set(answer.json?.keys.map { $0 } ?? []) == [
                "ConversationID", "OriginatorConversationID", "ResponseCode", "ResponseDescription",
            ])
            #expect(answer["OriginatorConversationID"] == payment.originator)
            #expect(answer["ResponseCode"] == "0")
            #expect(answer["ResponseDescription"] == "Accept the service request successfully.")
            let conversation = try #require(answer["ConversationID"])
            #expect(conversation.hasPrefix("AG_"))

            let request = try #require(await harness.recorder.waitFor(1).first)
            #expect(request.url == MPesaTestHarness.resultURL)
            let text = String(decoding: try #require(request.body), as: UTF8.self)
            #expect(text.contains(#""ResultType":0,"ResultCode":0,"#))
            let result = try Self.result(request)
            #expect(result["OriginatorConversationID"] as? String == payment.originator)
            #expect(result["ConversationID"] as? String == conversation)
            #expect(result["ResultDesc"] as? String == "The service request is processed successfully.")
            let parameters = Self.parameters(result)
            #expect(Set(parameters.keys) == [
                "TransactionAmount", "TransactionReceipt", "B2CRecipientIsRegisteredCustomer", "B2CChargesPaidAccountAvailableFunds",
                "ReceiverPartyPublicName", "TransactionCompletedDateTime", "B2CUtilityAccountAvailableFunds",
                "B2CWorkingAccountAvailableFunds",
            ])
            #expect(text.contains(#"{"Key":"TransactionAmount","Value":500}"#))
            #expect(parameters["TransactionReceipt"] as? String == result["TransactionID"] as? String)
            #expect(parameters["ReceiverPartyPublicName"] as? String == "254708374149 - JOSEPH OCHIENG")
            let completed = try #require(parameters["TransactionCompletedDateTime"] as? String)
            #expect(completed.range(of: #"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$"#, options: .regularExpression) != nil)
            #expect(text.contains(#"{"Key":"B2CUtilityAccountAvailableFunds","Value":999500.00}"#))
            #expect((result["ReferenceData"] as? [String: Any])?["ReferenceItem"] != nil)
            #expect(await harness.simulator.b2cFloat().minorUnits == 99_950_000)
        }
    }

    @Test("v1: no OriginatorConversationID in the request, one made up in the ack and the result; Occasion spelt either way")
    func v1() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            var payment = MPesaB2CCall()
            payment.version = "v1"
            payment.occasionKey = "Occasion"
            let answer = try await client.b2c(payment, token: try await client.token())
            #expect(answer.status == .ok)
            let originator = try #require(answer["OriginatorConversationID"])
            #expect(!originator.isEmpty)
            let result = try Self.result(await harness.recorder.waitFor(1).first)
            #expect(result["OriginatorConversationID"] as? String == originator)
            #expect(await harness.simulator.payments().first?.occasion == "Payout")
        }
    }

    @Test("failures carry no ResultParameters", arguments: ["254700012040", "254700010002"])
    func failureHasNoParameters(_ partyB: String) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            _ = try await client.b2c(MPesaB2CCall(partyB: partyB), token: try await client.token())
            let result = try Self.result(await harness.recorder.waitFor(1).first)
            #expect(result["ResultParameters"] == nil)
            #expect((result["ResultCode"] as? Int ?? 0) != 0)
            #expect(await harness.simulator.b2cFloat().minorUnits == 100_000_000)
        }
    }

    @Test("a reused OriginatorConversationID is 500 500.002.1001 and pays nothing twice")
    func duplicateOriginator() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let token = try await client.token()
            let payment = MPesaB2CCall()
            #expect(try await client.b2c(payment, token: token).status == .ok)
            let again = try await client.b2c(payment, token: token)
            #expect(again.status == .internalServerError)
            #expect(again.errorCode == "500.002.1001")
            #expect(again.errorMessage == "Duplicate OriginatorConversationID.")
            #expect(await harness.simulator.payments().count == 1)
        }
    }

    @Test("the security credential is checked by decryption: fresh ones all pass; another password, key or name fails with 2001")
    func securityCredential() async throws {
        let harness = MPesaTestHarness()
        let otherKey = RSAPrivateKey.generate()
        let publicKey = harness.simulator.securityCredentialKey
        let wrongPassword = Base64.encode(try publicKey.encrypt(Array("not-the-password".utf8), padding: .pkcs1))
        let wrongKey = Base64.encode(try otherKey.publicKey.encrypt(Array("Safaricom999!*!".utf8), padding: .pkcs1))
        let ownEncryption = Base64.encode(try publicKey.encrypt(Array("Safaricom999!*!".utf8), padding: .pkcs1))
        try await harness.withClient { client in
            let token = try await client.token()
            let first = client.credential()
            let second = client.credential()
            #expect(first != second)
            var cases: [(MPesaB2CCall, Int)] = []
            let credentials = [(first, 0), (second, 0), (ownEncryption, 0), (wrongPassword, 2001), (wrongKey, 2001), ("bm90LXJzYQ==", 2001)]
            for (credential, code) in credentials {
                var payment = MPesaB2CCall()
                payment.credential = credential
                cases.append((payment, code))
            }
            var wrongName = MPesaB2CCall()
            wrongName.initiator = "someone-else"
            cases.append((wrongName, 2001))
            for (payment, _) in cases { #expect(try await client.b2c(payment, token: token).status == .ok) }
            _ = await harness.recorder.waitFor(cases.count)
            let payments = await harness.simulator.payments()
            let byOriginator = Dictionary(uniqueKeysWithValues: payments.map { ($0.originatorConversationID, $0.result?.code) })
            for (payment, code) in cases { #expect(byOriginator[payment.originator] == code) }
        }
    }

    @Test("beyond the float ResultCode 1 (nothing taken), below the minimum 2, above the maximum 3, another PartyA 2028")
    func limits() async throws {
        let harness = MPesaTestHarness { $0.b2cFloat = MPesaSimulatorConfiguration.kes(1_000) }
        try await harness.withClient { client in
            let token = try await client.token()
            var calls: [(MPesaB2CCall, Int)] = []
            for (amount, code) in [("600", 0), ("600", 1), ("400", 0), ("5", 2), ("250001", 3)] {
                var payment = MPesaB2CCall()
                payment.amount = amount
                calls.append((payment, code))
            }
            var foreign = MPesaB2CCall()
            foreign.partyA = "600000"
            calls.append((foreign, 2028))
            for (payment, _) in calls {
                #expect(try await client.b2c(payment, token: token).status == .ok)
                try await Task.sleep(for: .milliseconds(5))
            }
            _ = await harness.recorder.waitFor(calls.count)
            let payments = await harness.simulator.payments()
            let byOriginator = Dictionary(uniqueKeysWithValues: payments.map { ($0.originatorConversationID, $0.result?.code) })
            for (payment, code) in calls { #expect(byOriginator[payment.originator] == code, "\(payment.amount)") }
            #expect(await harness.simulator.b2cFloat().minorUnits == 0)
        }
    }

    @Test("B2C field refusals", arguments: [
        ("CommandID", #""CommandID":"BusinessPayToBulk""#), ("PartyB", #""PartyB":"0708374149""#), ("Amount", #""Amount":12.5"#),
        ("PartyA", #""PartyA":"abc""#), ("Remarks", #""Remarks":"x""#), ("ResultURL", #""ResultURL":"ftp://hub.example.ke/r""#),
        ("QueueTimeOutURL", #""QueueTimeOutURL":"http://hub.example.ke/t""#),
    ])
    func refused(_ field: String, _ replacement: String) async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let payment = MPesaB2CCall()
            var body = payment.body(credential: client.credential())
            let pattern = #""\#(field)":("[^"]*"|[0-9.]+)"#
            let range = try #require(body.range(of: pattern, options: .regularExpression))
            body.replaceSubrange(range, with: replacement)
            let answer = try await client.post("/mpesa/b2c/v3/paymentrequest", token: try await client.token(), body: body)
            #expect(answer.status == .badRequest)
            #expect(answer.errorMessage == "Bad Request - Invalid \(field)")
            #expect(await harness.simulator.payments().isEmpty)
        }
    }

    @Test("v3 without OriginatorConversationID is refused")
    func v3NeedsOriginator() async throws {
        try await MPesaTestHarness().withClient { client in
            var payment = MPesaB2CCall()
            payment.version = "v1"
            let body = payment.body(credential: client.credential())
            let answer = try await client.post("/mpesa/b2c/v3/paymentrequest", token: try await client.token(), body: body)
            #expect(answer.errorMessage == "Bad Request - Invalid OriginatorConversationID")
        }
    }

    @Test("a queue timeout posts the chosen notice to QueueTimeOutURL, never to ResultURL, and the payment succeeds")
    func queueTimeout() async throws {
        let harness = MPesaTestHarness()
        try await harness.withClient { client in
            let payment = MPesaB2CCall(partyB: "254700019001")
            _ = try await client.b2c(payment, token: try await client.token())
            let request = try #require(await harness.recorder.waitFor(1).first)
            #expect(request.url == MPesaTestHarness.timeoutURL)
            let result = try Self.result(request)
            #expect(result["ResultType"] as? Int == 1)
            #expect(result["OriginatorConversationID"] as? String == payment.originator)
            #expect(result["ResultParameters"] == nil)
            try await Task.sleep(for: .milliseconds(50))
            #expect(await harness.recorder.requests.count == 1)
            #expect(await harness.simulator.payments().first?.status == .completed)
        }
    }
}
