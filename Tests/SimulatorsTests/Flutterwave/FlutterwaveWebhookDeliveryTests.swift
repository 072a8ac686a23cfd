import Foundation
import Hub
import Testing
import Webhooks
@testable import Simulators

@Suite("Flutterwave simulator: webhook delivery, verif-hash and flutterwave-signature")
struct FlutterwaveWebhookDeliveryTests {
    static func body(_ request: Hub.HTTPRequest) throws -> [UInt8] {
        Array(try #require(request.body))
    }

    static func event(_ request: Hub.HTTPRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(try body(request))) as? [String: Any])
    }

    static func headers(_ request: Hub.HTTPRequest) -> WebhookHeaders {
        WebhookHeaders(request.headers)
    }

    @Test("charge.completed is POSTed as JSON with the secret hash in verif-hash, and its data is the verified transaction")
    func chargeCompleted() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeMobileMoney(txRef: "HOOK-1", amount: "2500")
            let request = try #require(await harness.receiver.waitFor(1).first)
            #expect(request.method == "POST")
            #expect(request.url == FlutterwaveTestHarness.webhookURL)
            #expect(Self.headers(request)["content-type"] == "application/json")
            #expect(Self.headers(request)["verif-hash"] == FlutterwaveTestHarness.secretHash)
            let verified = try FlutterwaveV3WebhookVerifier(secretHashes: [FlutterwaveTestHarness.secretHash])
                .verify(body: try Self.body(request), headers: Self.headers(request), now: Date())
            #expect(verified.bodySigned == false)

            let event = try Self.event(request)
            let documented = try FlutterwaveFixtures.json("webhook_charge-completed.json")
            #expect(Set(event.keys).isSuperset(of: documented.keys))
            let data = try #require(event["data"] as? [String: Any])
            // The documented sample is a card payment; a mobile-money transaction has no `card`.
            #expect(Set(data.keys).isSuperset(of: Set((documented["data"] as? [String: Any] ?? [:]).keys).subtracting(["card"])))
            let verify = try await client.verify(txRef: "HOOK-1")
            #expect(NSDictionary(dictionary: data).isEqual(to: try #require(verify.data)))
            let recorded = try #require(await harness.simulator.charge(txRef: "HOOK-1"))
            #expect(recorded.webhooks.map(\.event) == ["charge.completed"])
            #expect(recorded.webhooks.map(\.responseStatus) == [200])
        }
    }

    @Test("flutterwave-signature is the base64 HMAC-SHA256 of the raw body; a one-byte tamper, a rotated secret and a missing header fail")
    func hmacSignature() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeToken(txRef: "SIGNED-1")
            let request = try #require(await harness.receiver.waitFor(1).first)
            let body = try Self.body(request)
            let headers = Self.headers(request)
            let verifier = try FlutterwaveWebhookVerifier(secretHashes: [FlutterwaveTestHarness.secretHash])
            #expect(try verifier.verify(body: body, headers: headers, now: Date()).bodySigned)

            let expected = Base64.encode(HMACKey(.sha256, key: Array(FlutterwaveTestHarness.secretHash.utf8)).authenticationCode(for: body))
            #expect(headers["flutterwave-signature"] == expected)

            var tampered = body
            tampered[tampered.count / 2] ^= 0x01
            #expect(throws: WebhookVerificationError.self) { try verifier.verify(body: tampered, headers: headers, now: Date()) }
            let rotatedAway = try FlutterwaveWebhookVerifier(secretHashes: ["another-secret-hash"])
            #expect(throws: WebhookVerificationError.self) { try rotatedAway.verify(body: body, headers: headers, now: Date()) }
            let rotation = try FlutterwaveWebhookVerifier(secretHashes: ["another-secret-hash", FlutterwaveTestHarness.secretHash])
            #expect(try rotation.verify(body: body, headers: headers, now: Date()).secretIndex == 1)
            let stripped = WebhookHeaders(request.headers.filter { $0.name != "flutterwave-signature" })
            #expect(throws: WebhookVerificationError.missingHeader("flutterwave-signature")) {
                try verifier.verify(body: body, headers: stripped, now: Date())
            }
            let v3 = try FlutterwaveV3WebhookVerifier(secretHashes: [FlutterwaveTestHarness.secretHash])
            let noHash = WebhookHeaders(request.headers.filter { $0.name != "verif-hash" })
            #expect(throws: WebhookVerificationError.missingHeader("verif-hash")) {
                try v3.verify(body: body, headers: noHash, now: Date())
            }
        }
    }

    @Test("without a signature secret only verif-hash is sent")
    func verifHashOnly() async throws {
        let harness = FlutterwaveTestHarness {
            $0.webhook = try! FlutterwaveWebhookEndpoint(url: FlutterwaveTestHarness.webhookURL, secretHash: "only-the-hash")
        }
        try await harness.withClient { client in
            _ = try await client.chargeToken()
            let request = try #require(await harness.receiver.waitFor(1).first)
            #expect(Self.headers(request)["verif-hash"] == "only-the-hash")
            #expect(Self.headers(request)["flutterwave-signature"] == nil)
        }
    }

    @Test("only a 200 acknowledges: 500, 302 and 201 are retried, with growing waits")
    func retriesUntil200() async throws {
        let harness = FlutterwaveTestHarness(script: [500, 302, 201])
        try await harness.withClient { client in
            _ = try await client.chargeToken(txRef: "RETRY-1")
            let requests = await harness.receiver.waitFor(4)
            #expect(requests.count == 4)
            #expect(Set(try requests.map { try Self.body($0) }).count == 1)
            try await Task.sleep(for: .milliseconds(100))
            #expect(await harness.receiver.requests.count == 4)
            let deliveries = try #require(await harness.simulator.charge(txRef: "RETRY-1")).webhooks
            #expect(deliveries.map(\.attempt) == [1, 2, 3, 4])
            #expect(deliveries.map(\.responseStatus) == [500, 302, 201, 200])
            #expect(deliveries.map(\.acknowledged) == [false, false, false, true])
            let gaps = zip(deliveries.dropFirst(), deliveries).map { $0.sentAt.timeIntervalSince($1.sentAt) }
            #expect(gaps[0] >= 0.010 && gaps[1] >= 0.020 && gaps[2] >= 0.040)
        }
    }

    @Test("retries stop at webhookRetries; a fixed interval with growth 1")
    func retriesBounded() async throws {
        let harness = FlutterwaveTestHarness(script: Array(repeating: 503, count: 10)) {
            $0.webhookRetries = 1
            $0.webhookRetryGrowth = 1
        }
        try await harness.withClient { client in
            _ = try await client.chargeToken()
            _ = await harness.receiver.waitFor(2)
            try await Task.sleep(for: .milliseconds(100))
            #expect(await harness.receiver.requests.count == 2)
            #expect(await harness.simulator.webhookDeliveries().allSatisfy { !$0.acknowledged })
        }
    }

    @Test("a duplicate-webhook scenario delivers the same body twice")
    func duplicateDelivery() async throws {
        let harness = FlutterwaveTestHarness()
        try await harness.withClient { client in
            _ = try await client.chargeMobileMoney(phone: "256700000008")
            let requests = await harness.receiver.waitFor(2)
            #expect(requests.count == 2)
            #expect(try Self.body(requests[0]) == Self.body(requests[1]))
            #expect(await harness.simulator.webhookDeliveries().map(\.copy) == [1, 2])
        }
    }

    @Test("without an endpoint no webhook is sent, but a transfer's callback_url is called without verif-hash")
    func noEndpoint() async throws {
        let harness = FlutterwaveTestHarness { $0.webhook = nil }
        try await harness.withClient { client in
            _ = try await client.chargeToken()
            _ = try await client.transfer(extra: #","callback_url":"http://127.0.0.1:9/callbacks/transfer""#)
            let requests = await harness.receiver.waitFor(1)
            try await Task.sleep(for: .milliseconds(80))
            #expect(await harness.receiver.requests.count == 1)
            #expect(requests.first?.url == "http://127.0.0.1:9/callbacks/transfer")
            #expect(Self.headers(try #require(requests.first))["verif-hash"] == nil)
            #expect(try Self.event(try #require(requests.first))["event"] as? String == "transfer.completed")
        }
    }

    @Test("shutdown cancels deliveries not yet made")
    func shutdownCancels() async throws {
        let harness = FlutterwaveTestHarness { $0.webhookDelay = .milliseconds(200) }
        try await harness.withClient { client in
            let answer = try await client.chargeToken()
            #expect(answer.status == .ok)
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await harness.receiver.requests.isEmpty)
    }

    @Test("an empty secret hash or signature secret is refused")
    func emptySecrets() {
        #expect(throws: WebhookSecretError.self) { try FlutterwaveWebhookEndpoint(url: FlutterwaveTestHarness.webhookURL, secretHash: "") }
        #expect(throws: WebhookSecretError.self) {
            try FlutterwaveWebhookEndpoint(url: FlutterwaveTestHarness.webhookURL, secretHash: "h", signatureSecret: "")
        }
    }
}
