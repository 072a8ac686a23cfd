import Foundation
@testable import Providers
import Webhooks

/// Every webhook verifier, over headers and body. Input: a mode byte, then
/// - mode 0 (raw): header lines `name: value`, an empty line, the body; verified with the target's secret. Nothing
///   may trap.
/// - mode 1 (tampered): two position bytes and a mask byte, then a body. The body is signed with the target's
///   secret; the verifier must accept it as signed, refuse it when signed with another secret, and refuse it once
///   the byte at the position is changed (for a scheme that signs the body).
enum WebhookFuzz {
    /// The clock every delivery is judged against; signatures are made at the same instant.
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    struct Scheme: Sendable {
        let name: String
        let verifier: any WebhookVerifier
        let signer: any WebhookSigner
        let otherSigner: any WebhookSigner
        let bodySigned: Bool
        let seedFolders: [String]
    }

    static func standardSecret(_ text: String) -> String { "whsec_" + Data(text.utf8).base64EncodedString() }

    // The secrets are fixed test values of each scheme's format; they sign nothing outside this harness.
    static let schemes: [Scheme] = [
        Scheme(name: "webhook-stripe", verifier: try! StripeWebhookVerifier(secrets: ["whsec_fuzz_stripe"]),
               signer: try! StripeWebhookSigner(secret: "whsec_fuzz_stripe"), otherSigner: try! StripeWebhookSigner(secret: "whsec_other"),
               bodySigned: true, seedFolders: ["stripe", "webhooks"]),
        Scheme(name: "webhook-standard", verifier: try! StandardWebhookVerifier(secrets: [standardSecret("fuzz-standard-webhooks-key-0032")]),
               signer: try! StandardWebhookSigner(secret: standardSecret("fuzz-standard-webhooks-key-0032")),
               otherSigner: try! StandardWebhookSigner(secret: standardSecret("another-standard-webhooks-key-32")),
               bodySigned: true, seedFolders: ["stripe", "flutterwave"]),
        Scheme(name: "webhook-paystack", verifier: try! PaystackWebhookVerifier(secretKeys: ["sk_test_fuzz"]),
               signer: try! PaystackWebhookSigner(secretKey: "sk_test_fuzz"), otherSigner: try! PaystackWebhookSigner(secretKey: "sk_test_other"),
               bodySigned: true, seedFolders: ["flutterwave"]),
        Scheme(name: "webhook-flutterwave", verifier: try! FlutterwaveWebhookVerifier(secretHashes: ["fuzz-secret-hash"]),
               signer: try! FlutterwaveWebhookSigner(secretHash: "fuzz-secret-hash"),
               otherSigner: try! FlutterwaveWebhookSigner(secretHash: "other-secret-hash"), bodySigned: true, seedFolders: ["flutterwave"]),
        Scheme(name: "webhook-flutterwave-v3", verifier: try! FlutterwaveV3WebhookVerifier(secretHashes: ["fuzz-secret-hash"]),
               signer: try! FlutterwaveV3WebhookSigner(secretHash: "fuzz-secret-hash"),
               otherSigner: try! FlutterwaveV3WebhookSigner(secretHash: "other-secret-hash"), bodySigned: false, seedFolders: ["flutterwave"]),
    ]

    static let targets: [FuzzTarget] = schemes.map { scheme in
        FuzzTarget(name: scheme.name, run: { run(scheme, $0) }, seeds: { try seeds(scheme.seedFolders, $0) })
    } + [AirtelHashFuzz.target]

    static func run(_ scheme: Scheme, _ bytes: [UInt8]) {
        let input = FuzzInput(bytes)
        if input.byte(0) & 1 == 0 {
            let (headers, body) = split(input.payload(after: 1))
            _ = try? scheme.verifier.verify(body: body, headers: headers, now: now)
            return
        }
        let body = input.payload(after: 4)
        guard !body.isEmpty else { return }
        let headers = scheme.signer.sign(body: body, id: "msg_fuzz", timestamp: now)
        guard let verified = try? scheme.verifier.verify(body: body, headers: headers, now: now), verified.bodySigned == scheme.bodySigned else {
            violated("\(scheme.name) refused a delivery signed with its secret")
        }
        if (try? scheme.verifier.verify(body: body, headers: scheme.otherSigner.sign(body: body, id: "msg_fuzz", timestamp: now), now: now)) != nil {
            violated("\(scheme.name) accepted a delivery signed with another secret")
        }
        guard scheme.bodySigned else { return }
        var tampered = body
        tampered[(Int(input.byte(1)) << 8 | Int(input.byte(2))) % body.count] ^= max(1, input.byte(3))
        if (try? scheme.verifier.verify(body: tampered, headers: headers, now: now)) != nil {
            violated("\(scheme.name) accepted a body altered after signing")
        }
    }

    /// Header lines up to the first empty line, then the body.
    static func split(_ bytes: [UInt8]) -> (WebhookHeaders, [UInt8]) {
        let blank: [UInt8] = [0x0A, 0x0A]
        let end = bytes.indices.first { bytes[$0...].starts(with: blank) } ?? bytes.count
        let fields = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\n").map { line in
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: String(parts[0]), value: parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
        }
        return (WebhookHeaders(fields), end + 2 <= bytes.count ? Array(bytes[(end + 2)...]) : [])
    }

    static func rawInput(_ headers: WebhookHeaders, _ body: [UInt8]) -> [UInt8] {
        [0] + Array(headers.fields.map { "\($0.name): \($0.value)\n" }.joined().utf8) + [0x0A] + body
    }

    static func seeds(_ folders: [String], _ fixtures: FixtureFiles) throws -> [[UInt8]] {
        let schemes = schemes
        return try folders.flatMap { try fixtures.contents(of: $0) }.flatMap { body -> [[UInt8]] in
            let signed = schemes.map { rawInput($0.signer.sign(body: body, id: "msg_fuzz", timestamp: now), body) }
            return signed + [[1, 0, 7, 0x20] + body]
        }
    }
}

/// Airtel Money's callback hash: HMAC-SHA256 over the `transaction` object's bytes. Input: a mode byte, then
/// - mode 0: the body, checked against its own `hash` member; and the JSON scanner over the body. Nothing may trap.
/// - mode 1: two position bytes and a mask, then a body whose transaction bytes are hashed with the key. The hash must
///   be refused under another key; and whenever it is accepted, for the body or for the body with the byte at the
///   position changed, the transaction the hub reads from that body must be the one that was hashed.
enum AirtelHashFuzz {
    static let target = FuzzTarget(name: "webhook-airtel-hash", run: run, seeds: seeds)
    static let hash = AirtelMoneyCallbackHash(key: "fuzz-callback-hash-key")
    static let other = AirtelMoneyCallbackHash(key: "another-callback-hash-key")

    static func run(_ bytes: [UInt8]) {
        let input = FuzzInput(bytes)
        if input.byte(0) & 1 == 0 {
            let body = input.payload(after: 1)
            let member = (try? JSONDecoder().decode(AirtelMoneyCallback.self, from: Data(body)))?.hash
            _ = hash.accepts(member ?? "", body: body)
            _ = AirtelMoneyCallbackHash.transactionBytes(in: body).map(AirtelMoneyCallbackHash.minified)
            return
        }
        let body = input.payload(after: 4)
        guard !body.isEmpty, let message = AirtelMoneyCallbackHash.transactionBytes(in: body) else { return }
        let code = Base64.encode(hash.key.authenticationCode(for: message))
        if other.accepts(code, body: body) { violated("a hash was accepted under another key") }
        let hashed = summary(try? JSONDecoder().decode(AirtelMoneyCallback.Transaction.self, from: Data(message)))
        var tampered = body
        tampered[(Int(input.byte(1)) << 8 | Int(input.byte(2))) % body.count] ^= max(1, input.byte(3))
        for candidate in [body, tampered] where hash.accepts(code, body: candidate) {
            let read = summary((try? JSONDecoder().decode(AirtelMoneyCallback.self, from: Data(candidate)))?.transaction)
            if let read, read != hashed { violated("the hash authenticated another transaction than the one the hub reads") }
        }
    }

    /// What the hub acts on in a callback's transaction.
    static func summary(_ transaction: AirtelMoneyCallback.Transaction?) -> [String?]? {
        transaction.map { [$0.id?.value, $0.statusCode, $0.airtelMoneyID?.value, $0.message] }
    }

    static func seeds(_ fixtures: FixtureFiles) throws -> [[UInt8]] {
        try fixtures.contents(of: "airtel-money").flatMap { [[0] + $0, [1, 0, 9, 0x01] + $0] }
    }
}
