import Foundation
import Hub
import HubServer
import Prometheus
import Providers
import ServiceLifecycle
import Testing
import Webhooks

/// The webhook door: `POST /webhooks/{provider}/{token}`, reachable by anyone who can reach the hub. Each case checks
/// the exact status and problem type, that no row was written in any table, and that the hub still serves a valid
/// top-up after it. The hub under test takes Stripe's signed events and MTN MoMo's unsigned callbacks.
@Suite(.serialized) struct WebhookDoorCatalogueTests {
    /// A Stripe event for an intent the hub does not know: genuinely signed, it is kept as unmatched.
    static func event(id: String = "evt_catalogue_1", reference: String = "ref-unknown", intent: String = "pi_catalogue_unknown") -> [UInt8] {
        Array(("{\"id\":\"\(id)\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\",\"created\":1,"
               + "\"data\":{\"object\":{\"id\":\"\(intent)\",\"object\":\"payment_intent\",\"amount\":4000,\"currency\":\"rwf\","
               + "\"status\":\"succeeded\",\"metadata\":{\"reference\":\"\(reference)\"}}}}").utf8)
    }

    static func stripeSignature(_ secret: String, _ body: [UInt8], at time: Date = Date()) throws -> String {
        try StripeWebhookSigner(secret: secret).sign(body: body, id: "", timestamp: time).fields[0].value
    }

    /// Every way a `Stripe-Signature` can be wrong; each is built from the live hub's secret so only the attack differs.
    static let signatureAttacks: [(String, @Sendable (LiveHub, [UInt8]) throws -> [(String, String)])] = [
        ("missing signature header", { _, _ in [] }),
        ("empty signature header", { _, _ in [("Stripe-Signature", "")] }),
        ("signature header of spaces", { _, _ in [("Stripe-Signature", "   ")] }),
        ("signature for another body", { live, _ in [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, event(id: "evt_other")))] }),
        ("signature with another secret", { _, body in [("Stripe-Signature", try stripeSignature("whsec_not_the_one", body))] }),
        ("signature with the secret without its prefix", { live, body in
            [("Stripe-Signature", try stripeSignature(String(live.stripeWebhookSecret.dropFirst("whsec_".count)), body))] }),
        ("signature for another timestamp", { live, body in
            let now = Int(Date().timeIntervalSince1970)
            let genuine = try stripeSignature(live.stripeWebhookSecret, body, at: Date(timeIntervalSince1970: TimeInterval(now - 1)))
            return [("Stripe-Signature", genuine.replacingOccurrences(of: "t=\(now - 1)", with: "t=\(now)"))] }),
        ("timestamp ten minutes old", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body, at: Date().addingTimeInterval(-600)))] }),
        ("timestamp a year old", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body, at: Date().addingTimeInterval(-365 * 86_400)))] }),
        ("timestamp ten minutes ahead", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body, at: Date().addingTimeInterval(600)))] }),
        ("timestamp at zero", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body, at: Date(timeIntervalSince1970: 0)))] }),
        ("wrong scheme prefix v0", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body).replacingOccurrences(of: "v1=", with: "v0="))] }),
        ("wrong scheme prefix sha256", { live, body in
            let signature = try stripeSignature(live.stripeWebhookSecret, body)
            return [("Stripe-Signature", "sha256=" + signature.split(separator: "v1=").last!)] }),
        ("signature without a timestamp", { live, body in
            [("Stripe-Signature", "v1=" + (try stripeSignature(live.stripeWebhookSecret, body).split(separator: "v1=").last!))] }),
        ("two timestamps", { live, body in
            [("Stripe-Signature", "t=1," + (try stripeSignature(live.stripeWebhookSecret, body)))] }),
        ("signature over the body plus a newline", { live, body in
            [("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body + [0x0A]))] }),
        ("truncated signature", { live, body in [("Stripe-Signature", String(try stripeSignature(live.stripeWebhookSecret, body).dropLast(2)))] }),
        ("repeated header, forged first", { live, body in
            [("Stripe-Signature", try stripeSignature("whsec_forged", body)), ("Stripe-Signature", try stripeSignature(live.stripeWebhookSecret, body))] }),
    ]

    @Test(arguments: signatureAttacks.indices) func forgedStripeSignatureIsRefused(_ index: Int) async throws {
        let (name, headers) = Self.signatureAttacks[index]
        try await LiveHub.run { live in
            let body = Self.event()
            try await live.expectRefused(name, status: 401, type: "/problems/webhook-unauthenticated") {
                try await live.webhook("stripe", body: body, headers: try headers(live, body))
            }
            // The same body, genuinely signed, is taken: the refusal was the signature's.
            let genuine = try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
            #expect(genuine.status == 200, "\(name): the genuine delivery")
        }
    }

    /// Only the first `Stripe-Signature` is read (`WebhookHeaders` ignores repeats rather than merging them): a forged
    /// header in front of the genuine one is refused above; a forged one behind a genuine one changes nothing, the
    /// genuine first one having authenticated the very bytes received.
    @Test func repeatedHeaderBehindAGenuineOneIsIgnored() async throws {
        try await LiveHub.run { live in
            let body = Self.event(id: "evt_repeated")
            let genuine = try Self.stripeSignature(live.stripeWebhookSecret, body)
            let answer = try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", genuine),
                                                                              ("Stripe-Signature", try Self.stripeSignature("whsec_forged", body))])
            #expect(answer.status == 200)
            #expect(try await live.store.unmatchedNotifications(limit: 10).map(\.dedupeKey) == ["evt_repeated"])
            #expect(try await WrittenRows.count(live.store) == WrittenRows(inbox: 1))
        }
    }

    @Test func wrongCallbackTokenIsRefused() async throws {
        try await LiveHub.run { live in
            let body = Self.event()
            let headers = [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))]
            for token in [String(live.callbackToken.dropLast()) + "x", String(live.callbackToken.prefix(8)), live.callbackToken + "0", "..%2F"] {
                try await live.expectRefused("token \(token.prefix(4))…", status: 401, type: "/problems/webhook-unauthenticated") {
                    try await live.webhook("stripe", token: token, body: body, headers: headers)
                }
            }
        }
    }

    @Test func unknownProviderPathIsRefused() async throws {
        try await LiveHub.run { live in
            for provider in ["paypal", "..%2Fstripe", "stripe%00", "STRIPE"] {
                try await live.expectRefused("provider \(provider)", status: 404, type: "/problems/not-found") {
                    try await live.webhook(provider, body: Self.event(), headers: [])
                }
            }
        }
    }

    @Test func stripeEventOnTheMoMoPathIsRefused() async throws {
        try await LiveHub.run { live in
            let body = Self.event()
            try await live.expectRefused("Stripe event at mtn-momo", status: 400, type: "/problems/webhook-malformed") {
                try await live.webhook("mtn-momo", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
            }
        }
    }

    @Test func moMoCallbackOnTheStripePathIsRefused() async throws {
        try await LiveHub.run { live in
            let body = Array(#"{"financialTransactionId":"1","externalId":"ref-1","amount":"100","currency":"RWF","status":"SUCCESSFUL"}"#.utf8)
            try await live.expectRefused("MoMo callback at stripe", status: 401, type: "/problems/webhook-unauthenticated") {
                try await live.webhook("stripe", body: body, headers: [])
            }
        }
    }

    @Test func bodyOverTheWebhookLimitIsRefused() async throws {
        try await LiveHub.run { live in
            let body = Self.event() + Array(repeating: UInt8(ascii: " "), count: 1024 * 1024)
            try await live.expectRefused("1 MiB + event", status: 413, type: "/problems/too-large") {
                try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
            }
        }
    }

    @Test func gzipIsNotDecodedBeforeTheSignatureCheck() async throws {
        try await LiveHub.run { live in
            let json = Self.event()
            let zipped = Gzip.stored(json)
            try await live.expectRefused("gzip, signed over the JSON", status: 401, type: "/problems/webhook-unauthenticated") {
                try await live.webhook("stripe", body: zipped, headers: [("Content-Encoding", "gzip"),
                                                                       ("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, json))])
            }
            try await live.expectRefused("gzip, signed over the gzip bytes", status: 400, type: "/problems/webhook-malformed") {
                try await live.webhook("stripe", body: zipped, headers: [("Content-Encoding", "gzip"),
                                                                       ("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, zipped))])
            }
        }
    }

    @Test func signedButNotAnEventIsRefused() async throws {
        try await LiveHub.run { live in
            for (label, text) in [("not JSON", "hello"), ("event without an id", #"{"id":"","type":"payment_intent.succeeded"}"#),
                                  ("intent event without its object", #"{"id":"evt_1","type":"payment_intent.succeeded","data":{}}"#)] {
                let body = Array(text.utf8)
                try await live.expectRefused(label, status: 400, type: "/problems/webhook-malformed") {
                    try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
                }
            }
        }
    }

    @Test func replayedEventIDChangesNothing() async throws {
        try await LiveHub.run { live in
            let body = Self.event(id: "evt_replayed")
            let first = try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
            #expect(first.status == 200)
            let before = try await WrittenRows.count(live.store)
            #expect(before.inbox == 1)
            for delay in [0, 1] {
                try await Task.sleep(for: .seconds(delay))
                let replay = try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
                #expect(replay.status == 200)
                #expect(replay["duplicate"] as? Bool == true)
            }
            #expect(try await WrittenRows.count(live.store) == before)
            try await live.expectStillServing("after a replay")
        }
    }

    /// A genuine Stripe event naming the reference of a MoMo payment: references are looked up per provider, so it
    /// is kept as unmatched and the MoMo payment is untouched.
    @Test func signedEventNamingAnotherProvidersPaymentIsNotApplied() async throws {
        try await LiveHub.run { live in
            let wallet = try await live.funded(500)
            let withdrawal = try await live.withdraw(wallet: wallet, amount: 200, msisdn: "+250788000444")
            let idText = try #require(withdrawal["id"] as? String)
            let paymentID = try #require(PaymentID(validating: idText))
            _ = try await live.settle(paymentID.rawValue)
            let payment = try await live.hub.payment(paymentID)
            let before = try await WrittenRows.count(live.store)
            let body = Self.event(id: "evt_cross", reference: payment.providerReference)
            let answer = try await live.webhook("stripe", body: body, headers: [("Stripe-Signature", try Self.stripeSignature(live.stripeWebhookSecret, body))])
            #expect(answer.status == 200)
            var expected = before
            expected.inbox += 1
            #expect(try await WrittenRows.count(live.store) == expected)
            #expect(try await live.store.unmatchedNotifications(limit: 10).map(\.dedupeKey) == ["evt_cross"])
            #expect(try await live.hub.payment(paymentID).state == payment.state)
            #expect(try await live.balance(wallet)?.available == 300)
            try await live.expectStillServing("after a cross-provider event")
        }
    }
}

extension LiveHub {
    /// Posts raw bytes to the webhook door; answers with the parsed body (a problem, or the acknowledgement).
    func webhook(_ provider: String, token: String? = nil, body: [UInt8], headers: [(String, String)]) async throws -> APIResponse {
        try await send("POST", "/webhooks/\(provider)/\(token ?? callbackToken)", body: Data(body),
                       headers: [("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) }, authorized: false)
    }
}

/// A real gzip member holding its data in one stored (uncompressed) deflate block: what a sender that compresses
/// its webhooks would put on the wire.
enum Gzip {
    static func stored(_ data: [UInt8]) -> [UInt8] {
        precondition(data.count < 65_536)
        let length = UInt16(data.count)
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        out += [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        out += data
        out += littleEndian(crc32(data)) + littleEndian(UInt32(data.count))
        return out
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

/// The same door for a provider whose notifications carry its dashboard's secret hash, as `verif-hash` (the hash
/// itself) or as `flutterwave-signature` (a base64 HMAC-SHA256 of the body keyed with it): a hub running only that
/// provider, with no route out (a notification is refused or kept before any call to the provider).
@Suite(.serialized) struct SecretHashWebhookCatalogueTests {
    static let secretHash = "catalogue-secret-hash-0123"

    static func notification(_ reference: String = "ref-unknown") -> [UInt8] {
        Array(#"{"event":"charge.completed","data":{"id":4242,"tx_ref":"\#(reference)","status":"successful","amount":100,"currency":"NGN"}}"#.utf8)
    }

    static func hmac(_ secret: String, _ body: [UInt8]) throws -> String {
        try FlutterwaveWebhookSigner(secretHash: secret).sign(body: body, id: "", timestamp: Date()).fields[0].value
    }

    static let attacks: [(String, @Sendable ([UInt8]) throws -> [(String, String)])] = [
        ("no hash header", { _ in [] }),
        ("empty verif-hash", { _ in [("verif-hash", "")] }),
        ("another secret's verif-hash", { _ in [("verif-hash", "not-the-hash")] }),
        ("verif-hash of the secret with a trailing character", { _ in [("verif-hash", secretHash + "x")] }),
        ("verif-hash of a prefix of the secret", { _ in [("verif-hash", String(secretHash.prefix(10)))] }),
        ("repeated verif-hash, forged first", { _ in [("verif-hash", "forged"), ("verif-hash", secretHash)] }),
        ("empty flutterwave-signature beside a genuine verif-hash", { _ in [("flutterwave-signature", ""), ("verif-hash", secretHash)] }),
        ("signature for another body", { _ in [("flutterwave-signature", try hmac(secretHash, notification("ref-other")))] }),
        ("signature with another secret", { body in [("flutterwave-signature", try hmac("another-secret-hash", body))] }),
        ("signature with a wrong scheme prefix", { body in [("flutterwave-signature", "sha256=" + (try hmac(secretHash, body)))] }),
        ("signature in hex instead of base64", { body in
            [("flutterwave-signature", Hex.encode(Array(Data(base64Encoded: try hmac(secretHash, body))!)))] }),
    ]

    @Test(arguments: attacks.indices) func forgedHashIsRefused(_ index: Int) async throws {
        let (name, headers) = Self.attacks[index]
        try await SecretHashHub.run { hub in
            let body = Self.notification()
            let before = try await WrittenRows.count(hub.store)
            let answer = try await hub.webhook(body: body, headers: try headers(body))
            #expect(answer.status == 401, "\(name)")
            #expect(answer["type"] as? String == "/problems/webhook-unauthenticated", "\(name)")
            #expect(try await WrittenRows.count(hub.store) == before, "\(name)")
            let genuine = try await hub.webhook(body: body, headers: [("flutterwave-signature", try Self.hmac(Self.secretHash, body))])
            #expect(genuine.status == 200, "\(name): the genuine delivery after it")
        }
    }

    @Test func oversizedAndCompressedBodiesAreRefused() async throws {
        try await SecretHashHub.run { hub in
            let before = try await WrittenRows.count(hub.store)
            let huge = Self.notification() + Array(repeating: UInt8(ascii: " "), count: 1024 * 1024)
            let tooLarge = try await hub.webhook(body: huge, headers: [("verif-hash", Self.secretHash)])
            #expect(tooLarge.status == 413)
            #expect(tooLarge["type"] as? String == "/problems/too-large")
            let zipped = Gzip.stored(Self.notification())
            let compressed = try await hub.webhook(body: zipped, headers: [("Content-Encoding", "gzip"),
                                                                         ("flutterwave-signature", try Self.hmac(Self.secretHash, Self.notification()))])
            #expect(compressed.status == 401)
            #expect(compressed["type"] as? String == "/problems/webhook-unauthenticated")
            #expect(try await WrittenRows.count(hub.store) == before)
        }
    }
}

/// A hub with one secret-hash provider and nothing else, on a loopback port, for `SecretHashWebhookCatalogueTests`.
struct SecretHashHub {
    let baseURL: String
    let callbackToken: String
    let store: SQLiteStore
    let client: CurlTransport

    func webhook(body: [UInt8], headers: [(String, String)]) async throws -> APIResponse {
        let response = try await client.send(HTTPRequest(method: "POST", url: "\(baseURL)/webhooks/flutterwave/\(callbackToken)",
                                                         headers: [("Content-Type", "application/json")] + headers.map { (name: $0.0, value: $0.1) },
                                                         body: Data(body)))
        let json = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return APIResponse(status: response.status, headers: response.headers, json: json)
    }

    static func run(_ body: (SecretHashHub) async throws -> Void) async throws {
        let transport = CurlTransport()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-catalogue-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        var configuration = FlutterwaveConfiguration()
        configuration.baseURL = "http://127.0.0.1:9"
        configuration.secretKey = "FLWSECK_TEST-catalogue-X"
        configuration.webhookSecretHashes = [SecretHashWebhookCatalogueTests.secretHash]
        let token = HubServerConfiguration.randomToken()
        let hub = HubService(store: store, registry: ProviderRegistry([FlutterwaveProvider(configuration: configuration)]),
                             transport: transport, logger: LiveHub.quiet)
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        let app = HubServer.application(hub: hub, configuration: HubServerConfiguration(apiKeys: ["catalogue-key"], callbackToken: token),
                                        host: "127.0.0.1", port: 0, logger: LiveHub.quiet, poller: nil, dispatcher: nil,
                                        metrics: PrometheusCollectorRegistry()) { ready.yield($0) }
        let group = ServiceGroup(services: [app], logger: LiveHub.quiet)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let port = await ports.first { _ in true }!
            do {
                try await body(SecretHashHub(baseURL: "http://127.0.0.1:\(port)", callbackToken: token, store: store, client: transport))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        await transport.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
