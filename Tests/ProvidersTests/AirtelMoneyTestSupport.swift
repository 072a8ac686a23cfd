import Foundation
import Hub
import Hummingbird
import Logging
import ServiceLifecycle
import Webhooks
@testable import Providers

/// One request as it reached the fixture server, bytes as sent.
struct AirtelMoneyExchange: Sendable {
    var method: String
    /// The path with its query: `/standard/v2/disbursements/abc?transactionType=B2C`.
    var target: String
    var headers: [(name: String, value: String)]
    var body: Data

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var isToken: Bool { target == "/auth/oauth2/token" }
}

/// What the fixture server answers: a status and a body, after an optional delay.
struct AirtelMoneyCanned: Sendable {
    var status: Int
    var body: Data
    var delay: Duration = .zero

    /// A file from `fixtures/airtel-money/`.
    static func fixture(_ status: Int, _ name: String) -> AirtelMoneyCanned {
        AirtelMoneyCanned(status: status, body: (try? Fixtures.data("airtel-money/\(name)")) ?? Data("missing fixture \(name)".utf8))
    }

    static func json(_ status: Int, _ text: String) -> AirtelMoneyCanned { AirtelMoneyCanned(status: status, body: Data(text.utf8)) }
}

/// Canned Airtel answers served over real loopback HTTP (Hummingbird on 127.0.0.1), reached through the hub's own
/// libcurl transport, and every request as it arrived.
final class AirtelMoneyFixtureServer: Sendable {
    typealias Script = @Sendable (AirtelMoneyExchange) -> AirtelMoneyCanned
    private let recorder: Recorder
    let baseURL: String
    let transport: CurlTransport

    private init(baseURL: String, transport: CurlTransport, recorder: Recorder) {
        self.baseURL = baseURL
        self.transport = transport
        self.recorder = recorder
    }

    /// Every request so far, token requests included.
    var requests: [AirtelMoneyExchange] { recorder.exchanges }
    /// Every request but the token requests.
    var calls: [AirtelMoneyExchange] { requests.filter { !$0.isToken } }
    var tokenRequests: [AirtelMoneyExchange] { requests.filter(\.isToken) }

    func context(now: @escaping @Sendable () -> Date = { Date() }) -> ProviderContext {
        ProviderContext(transport: transport, logger: Logger(label: "airtel-money-test"), now: now)
    }

    /// Answers the token request with `token_ok.json`, everything else with `script`.
    static func withToken(_ script: @escaping Script) -> Script {
        { exchange in exchange.isToken ? .fixture(200, "token_ok.json") : script(exchange) }
    }

    /// Answers the token request, then `fixture` with `status` to everything else.
    static func answering(_ status: Int, _ fixture: String) -> Script {
        withToken { _ in .fixture(status, fixture) }
    }

    /// Serves `script` on a free loopback port for the length of `body`, then stops.
    @discardableResult
    static func run<Outcome: Sendable>(_ script: @escaping Script,
                                       _ body: @Sendable (AirtelMoneyFixtureServer) async throws -> Outcome) async throws -> Outcome {
        let (ports, ready) = AsyncStream.makeStream(of: Int.self)
        var quiet = Logger(label: "airtel-money-fixtures")
        quiet.logLevel = .critical
        let recorder = Recorder()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let exchange = AirtelMoneyExchange(method: request.method.rawValue, target: request.uri.string,
                                               headers: request.headers.map { ($0.name.rawName, $0.value) },
                                               body: Data(buffer.readableBytesView))
            recorder.record(exchange)
            let canned = script(exchange)
            if canned.delay > .zero { try await Task.sleep(for: canned.delay) }
            return Response(status: .init(code: canned.status), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: canned.body)))
        }
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in if let port = channel.localAddress?.port { ready.yield(port) } }, logger: quiet)
        let group = ServiceGroup(services: [app], logger: quiet)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            guard let port = await ports.first(where: { _ in true }) else { throw TestHubFailure("the fixture server did not start") }
            let server = AirtelMoneyFixtureServer(baseURL: "http://127.0.0.1:\(port)", transport: CurlTransport(), recorder: recorder)
            let outcome: Result<Outcome, any Error>
            do { outcome = .success(try await body(server)) } catch { outcome = .failure(error) }
            await server.transport.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try outcome.get()
        }
    }

    private final class Recorder: @unchecked Sendable {  // `recorded` guarded by `lock`
        private let lock = NSLock()
        private var recorded: [AirtelMoneyExchange] = []

        func record(_ exchange: AirtelMoneyExchange) { lock.withLock { recorded.append(exchange) } }
        var exchanges: [AirtelMoneyExchange] { lock.withLock { recorded } }
    }
}

struct TestHubFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Keys, credentials and parties the Airtel Money suites share.
enum AirtelMoneyTestSupport {
    /// Stands in for Airtel's key pair: the adapter encrypts to the public half, the tests decrypt with the private one.
    static let airtelKey = RSAPrivateKey.generate(bits: 1024)
    static let clientID = "c02e9e46-db9d-4faf-b91a-94f88bbe688c"
    static let clientSecret = "ab672211-4197-4c11-ba79-b29ce2034ca2"
    static let pin = "4096"
    static let hashKey = "portal-callback-key-0123456789"
    static let reference = "83b2ec2c-6f7e-4a55-9f2a-3b6e0c1d2e88"
    /// Uganda, as the documentation's vector: national number `752604392`.
    static let ugandan = Counterparty.mobileMoney(try! MSISDN("+256752604392"))
    static let rwandan = Counterparty.mobileMoney(try! MSISDN("+250731234567"))

    static func configuration(_ baseURL: String, version: AirtelMoneyConfiguration.APIVersion = .v2, country: String = "UG",
                              currency: Currency = .UGX, hashKey: String? = nil) -> AirtelMoneyConfiguration {
        AirtelMoneyConfiguration(baseURL: baseURL, clientID: clientID, clientSecret: clientSecret, country: country, currency: currency,
                                 pin: pin, encryptionKey: airtelKey.publicKey, callbackHashKey: hashKey, apiVersion: version)
    }

    static func provider(_ server: AirtelMoneyFixtureServer, version: AirtelMoneyConfiguration.APIVersion = .v2) -> AirtelMoneyProvider {
        AirtelMoneyProvider(configuration: configuration(server.baseURL, version: version))
    }

    static func ugx(_ minorUnits: Int64) -> Money { try! Money.positive(minorUnits: minorUnits, currency: .UGX) }

    static func collectRequest(_ amount: Money = ugx(1000), payer: Counterparty = ugandan, resend: Bool = false) -> CollectRequest {
        var request = CollectRequest(paymentID: .generate(), reference: reference, amount: amount, payer: payer,
                                     callbackURL: "http://hub.test/webhooks/airtel-money/token", description: "Miliano top-up")
        request.isResend = resend
        return request
    }

    static func payoutRequest(_ amount: Money = ugx(1000), payee: Counterparty = ugandan, resend: Bool = false) -> PayoutRequest {
        var request = PayoutRequest(paymentID: .generate(), reference: reference, amount: amount, payee: payee, callbackURL: nil,
                                    description: "Miliano withdrawal")
        request.isResend = resend
        return request
    }

    /// The plaintext of base64 `text` RSA-encrypted to `airtelKey` with PKCS #1 v1.5.
    static func decrypt(_ text: String?) -> String? {
        guard let text, let bytes = Base64.decode(text), let plain = try? airtelKey.decrypt(bytes, padding: .pkcs1) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The body a v2 request's `x-signature` and `x-key` seal, recovered as Airtel would.
    static func signedBody(_ exchange: AirtelMoneyExchange) -> Data? {
        guard let keyAndIV = decrypt(exchange.header("x-key")), let signature = exchange.header("x-signature").flatMap(Base64.decode)
        else { return nil }
        let parts = keyAndIV.split(separator: ":").map(String.init)
        guard parts.count == 2, let key = Base64.decode(parts[0]), let iv = Base64.decode(parts[1]),
              let plain = try? AES256CBC.decrypt(signature, key: key, iv: iv) else { return nil }
        return Data(plain)
    }
}
