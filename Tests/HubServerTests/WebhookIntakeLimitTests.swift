import Foundation
import Glibc
import Hub
import Testing
import Webhooks

/// Per-provider webhook intake limits: a flood on one provider's URL is refused early (429 over the rate, 503 with
/// too many bodies in flight) and counted by reason, while another provider's notifications and the wallet API
/// still succeed. Request counts are bounded and everything stays on loopback.
@Suite(.serialized) struct WebhookIntakeLimitTests {
    static let flood = 20
    static let rate = 5

    func url(_ live: LiveHub, _ provider: String) -> String { "\(live.baseURL)/webhooks/\(provider)/\(live.callbackToken)" }

    func scrape(_ live: LiveHub) async throws -> MetricsScrape {
        let response = try await live.client.send(HTTPRequest(method: "GET", url: "\(live.baseURL)/metrics", headers: []))
        return MetricsScrape(text: String(decoding: response.body, as: UTF8.self), contentType: nil)
    }

    @Test func aFloodOnStripesURLIsRefusedWhileMoMoCallbacksAndTheWalletAPIStillWork() async throws {
        try await LiveHub.run(webhookIntake: WebhookIntakeLimits(perProviderPerMinute: Self.rate, concurrentBodiesPerProvider: 4)) { live in
            var statuses: [Int] = []
            var retryAfter: [String] = []
            for number in 1...Self.flood {
                let answer = try await live.client.send(HTTPRequest(method: "POST", url: url(live, "stripe"),
                                                                    headers: [("Content-Type", "application/json")], body: Data("{\"n\":\(number)}".utf8)))
                statuses.append(answer.status)
                if answer.status == 429 {
                    retryAfter.append(answer.headers.first { $0.name.lowercased() == "retry-after" }?.value ?? "")
                    let problem = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any]
                    #expect(problem?["type"] as? String == "/problems/rate-limited")
                }
            }
            #expect(statuses.prefix(Self.rate).allSatisfy { $0 == 401 }, "within the rate: read and refused as unsigned, \(statuses)")
            #expect(statuses.dropFirst(Self.rate).allSatisfy { $0 == 429 }, "over it: refused before the body is read, \(statuses)")
            #expect(retryAfter.allSatisfy { (Int($0) ?? 0) >= 1 }, "\(retryAfter)")

            // MoMo settles top-ups through its own callbacks, on its own URL: they still come through.
            let topUp = try await live.topUp(wallet: "flooded", amount: 700, msisdn: "+250788000333")
            #expect(topUp.status == 201)
            #expect(try await live.settle(try #require(topUp["id"] as? String))["state"] as? String == "succeeded")
            #expect(try await live.balance("flooded")?.available == 700)

            let metrics = try await scrape(live)
            #expect(metrics.sum("hub_webhooks_rejected_total", ["provider": "stripe", "reason": "rate_limited"]) == Double(Self.flood - Self.rate))
            #expect(metrics.sum("hub_webhooks_rejected_total", ["provider": "stripe", "reason": "unauthenticated"]) == Double(Self.rate))
            #expect(metrics.sum("hub_webhooks_rejected_total", ["provider": "mtn-momo"]) == 0)
            #expect(metrics.sum("hub_webhook_deliveries_total", ["provider": "mtn-momo", "result": "verified"]) >= 1)
        }
    }

    @Test func aFloodOnMoMosURLLeavesStripeWebhooksAndTheWalletAPIAlone() async throws {
        try await LiveHub.run(webhookIntake: WebhookIntakeLimits(perProviderPerMinute: Self.rate, concurrentBodiesPerProvider: 4)) { live in
            var refused = 0
            for _ in 1...Self.flood {
                let answer = try await live.client.send(HTTPRequest(method: "POST", url: url(live, "mtn-momo"),
                                                                    headers: [("Content-Type", "application/json")], body: Data("{}".utf8)))
                if answer.status == 429 { refused += 1 }
            }
            #expect(refused == Self.flood - Self.rate)

            let body = Array(#"{"id":"evt_limits_stray","object":"event","type":"payment_intent.succeeded","created":1,"data":{"object":{"id":"pi_nobody","object":"payment_intent","amount":1,"currency":"rwf","status":"succeeded","metadata":{}}}}"#.utf8)
            let headers = try StripeWebhookSigner(secret: live.stripeWebhookSecret).sign(body: body, id: "evt_limits_stray", timestamp: Date()).fields
            let stripe = try await live.client.send(HTTPRequest(method: "POST", url: url(live, "stripe"),
                                                                headers: [("Content-Type", "application/json")] + headers, body: Data(body)))
            #expect(stripe.status == 200, "a signed Stripe notification is still taken")
            #expect(try await live.request("GET", "/v1/wallets/nobody/balance").status == 200)
            let metrics = try await scrape(live)
            #expect(metrics.sum("hub_webhooks_rejected_total", ["provider": "mtn-momo", "reason": "rate_limited"]) == Double(Self.flood - Self.rate))
            #expect(metrics.sum("hub_webhooks_rejected_total", ["provider": "stripe"]) == 0)
        }
    }

    @Test func bodiesInFlightOverTheLimitAreRefusedAtOnceAndTheSlotsComeBack() async throws {
        try await LiveHub.run(bodyTimeout: .seconds(8),
                              webhookIntake: WebhookIntakeLimits(perProviderPerMinute: 1000, concurrentBodiesPerProvider: 2)) { live in
            // Two connections that send their head and part of the body, then hold.
            let held = try (1...2).map { _ in try Self.openTrickle(live, path: "/webhooks/stripe/\(live.callbackToken)") }
            var busy: Data?
            for _ in 1...500 where busy == nil {  // until both held bodies are being read (a bound, not a speed)
                let answer = try await live.client.send(HTTPRequest(method: "POST", url: url(live, "stripe"),
                                                                    headers: [("Content-Type", "application/json")], body: Data("{}".utf8)))
                if answer.status == 503 { busy = answer.body } else { try await Task.sleep(for: .milliseconds(20)) }
            }
            let problem = (try? JSONSerialization.jsonObject(with: try #require(busy))) as? [String: Any]
            #expect(problem?["type"] as? String == "/problems/webhook-busy")

            let momo = try await live.topUp(wallet: "busy", amount: 300, msisdn: "+250788000333")
            #expect(try await live.settle(try #require(momo["id"] as? String))["state"] as? String == "succeeded", "MoMo callbacks still land")

            for fd in held { close(fd) }
            var freed = false
            for _ in 1...500 where !freed {  // until the closed connections' slots are given back (at the latest, the body timeout)
                let answer = try await live.client.send(HTTPRequest(method: "POST", url: url(live, "stripe"),
                                                                    headers: [("Content-Type", "application/json")], body: Data("{}".utf8)))
                if answer.status == 401 { freed = true } else { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(freed, "slots are released when a body read ends")
            #expect(try await scrape(live).sum("hub_webhooks_rejected_total", ["provider": "stripe", "reason": "too_many_bodies"]) >= 1)
        }
    }

    /// A connection to the hub that has sent a request head declaring 100 bytes of body, and 2 of them.
    static func openTrickle(_ live: LiveHub, path: String) throws -> Int32 {
        let port = UInt16(live.baseURL.split(separator: ":").last!)!
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
        let head = "POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\""
        _ = Array(head.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        return fd
    }
}
