import Foundation
import Hub
import Testing
import Webhooks
@testable import Simulators

@Suite("Airtel Money simulator: callbacks to the application's URL and their hash")
struct AirtelMoneyCallbackTests {
    static func body(_ request: Hub.HTTPRequest) throws -> [UInt8] {
        Array(try #require(request.body))
    }

    /// The bytes of the `transaction` member as they appear in the body: from its `{` to the matching `}`.
    static func transactionBytes(_ body: [UInt8]) throws -> [UInt8] {
        let prefix = Array(#"{"transaction":"#.utf8)
        #expect(Array(body.prefix(prefix.count)) == prefix)
        var depth = 0
        var inString = false
        var escaped = false
        for index in prefix.count..<body.count {
            let byte = body[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            if byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return Array(body[prefix.count...index]) }
            }
        }
        Issue.record("no transaction object")
        return []
    }

    @Test("a settled collection is POSTed once to the callback URL: transaction{id,message,status_code,airtel_money_id} and hash")
    func delivered() async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let settled = try await client.settledCollection()
            let request = try #require(await harness.recorder.waitFor(1).first)
            #expect(request.method == "POST")
            #expect(request.url == AirtelMoneyTestHarness.callbackURL)
            #expect(request.headers.contains { $0.name.lowercased() == "content-type" && $0.value == "application/json" })
            let body = try Self.body(request)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(Set(json.keys) == ["transaction", "hash"])
            let transaction = try #require(json["transaction"] as? [String: Any])
            #expect(Set(transaction.keys) == ["id", "message", "status_code", "airtel_money_id"])
            #expect(transaction["id"] as? String == settled.transaction?["id"] as? String)
            #expect(transaction["status_code"] as? String == "TS")
            #expect(transaction["airtel_money_id"] as? String == settled.transaction?["airtel_money_id"] as? String)
            try await Task.sleep(for: .milliseconds(50))
            #expect(await harness.recorder.requests.count == 1)
        }
    }

    @Test("hash is base64(HMAC-SHA256(key, the transaction object's bytes)); a one-byte tamper, another key or the whole body do not match")
    func hash() async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            _ = try await client.settledCollection()
            let body = try Self.body(try #require(await harness.recorder.waitFor(1).first))
            let hash = try #require((try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["hash"] as? String)
            let signed = try Self.transactionBytes(body)
            let key = HMACKey(.sha256, key: Array(AirtelMoneyTestHarness.hashKey.utf8))
            #expect(Base64.encode(key.authenticationCode(for: signed)) == hash)
            var tampered = signed
            tampered[tampered.count / 2] ^= 0x01
            #expect(Base64.encode(key.authenticationCode(for: tampered)) != hash)
            let rotated = HMACKey(.sha256, key: Array("another-key".utf8))
            #expect(Base64.encode(rotated.authenticationCode(for: signed)) != hash)
            let wholeBody = Array(#"{"transaction":"#.utf8) + signed + [UInt8(ascii: "}")]
            #expect(Base64.encode(key.authenticationCode(for: wholeBody)) != hash)
        }
    }

    @Test("without a hash key the body has no hash; without a callback URL nothing is sent")
    func optional() async throws {
        let unhashed = AirtelMoneyTestHarness { $0.callbackHashKey = nil }
        try await unhashed.withClient { client in
            _ = try await client.settledCollection()
            let body = try Self.body(try #require(await unhashed.recorder.waitFor(1).first))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(Set(json.keys) == ["transaction"])
        }
        let silent = AirtelMoneyTestHarness { $0.callbackURL = nil }
        try await silent.withClient { client in
            _ = try await client.settledCollection()
            try await Task.sleep(for: .milliseconds(80))
            #expect(await silent.recorder.requests.isEmpty)
        }
    }

    @Test("a declined or expired collection calls back TF with the decline's message", arguments: ["700000001", "700000004"])
    func failed(_ msisdn: String) async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let settled = try await client.settledCollection(msisdn: msisdn)
            let body = try Self.body(try #require(await harness.recorder.waitFor(1).first))
            let json = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
            let transaction = try #require(json?["transaction"] as? [String: Any])
            #expect(transaction["status_code"] as? String == "TF")
            #expect(transaction["message"] as? String == settled.transaction?["message"] as? String)
        }
    }

    @Test("deliveries are recorded on the transaction with the receiver's status")
    func recorded() async throws {
        let harness = AirtelMoneyTestHarness()
        try await harness.withClient { client in
            let collection = AirtelMoneyCollectionCall()
            _ = try await client.collect(collection)
            _ = await harness.recorder.waitFor(1)
            try await Task.sleep(for: .milliseconds(20))
            let transaction = try #require(await harness.simulator.transaction(collection.id, kind: .collection))
            #expect(transaction.callbacks.map(\.responseStatus) == [200])
            #expect(transaction.callbacks.map(\.reportedStatus) == [.success])
            #expect(transaction.callbacks.map(\.hashed) == [true])
        }
    }
}
