import Foundation
import Hub
import HubConfiguration
import Logging
import ServiceLifecycle
import Simulators
import Testing
@testable import Providers

/// The adapter's bank-account lookup against the Flutterwave simulator on a loopback port, through the hub's libcurl
/// transport, with every request recorded on its way out; then the answers the simulator does not give, canned.
@Suite struct FlutterwaveAccountResolutionTests {
    static let secretKey = "FLWSECK_TEST-5f0c2b7a9d3e41f6a8b0c9d2e7f1a3b4-X"
    static let ngn = Currency(code: "NGN")!

    /// Records each request, then sends it on through libcurl.
    final class ForwardingTransport: HTTPTransport, @unchecked Sendable {  // `recorded` guarded by `lock`
        private let lock = NSLock()
        private var recorded: [HTTPRequest] = []
        let next: CurlTransport

        init(_ next: CurlTransport) { self.next = next }

        func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
            lock.withLock { recorded.append(request) }
            return try await next.send(request)
        }

        var requests: [HTTPRequest] { lock.withLock { recorded } }
    }

    /// A provider pointed at a simulator that accepts only `secretKey`, on a free loopback port, for `body`.
    static func withSimulator(secretKey: String = secretKey,
                              _ body: @Sendable (FlutterwaveProvider, ForwardingTransport) async throws -> Void) async throws {
        var quiet = Logger(label: "flutterwave-resolve-test")
        quiet.logLevel = .critical
        try await withCurlTransport { curl in
            var configuration = FlutterwaveSimulatorConfiguration(secretKey: Self.secretKey)
            configuration.slowDelay = .milliseconds(100)
            configuration.timeoutDelay = .milliseconds(200)
            let simulator = FlutterwaveSimulator(configuration: configuration, webhookTransport: curl)
            let (ports, ready) = AsyncStream.makeStream(of: Int.self)
            let group = ServiceGroup(services: [simulator.application(port: 0, logger: quiet) { ready.yield($0) }], logger: quiet)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                let port = try #require(await ports.first { _ in true })
                var settings = FlutterwaveConfiguration()
                settings.baseURL = "http://127.0.0.1:\(port)"
                settings.secretKey = secretKey
                settings.timeout = .seconds(5)
                let transport = ForwardingTransport(curl)
                do { try await body(FlutterwaveProvider(configuration: settings), transport) } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            await simulator.shutdown()
        }
    }

    static func query(_ number: String, bank: String = "044", currency: Currency = ngn) throws -> BankAccountQuery {
        BankAccountQuery(account: try LocalBankAccount(number: number, bankCode: bank), currency: currency)
    }

    static func context(_ transport: any HTTPTransport) -> ProviderContext {
        ProviderContext(transport: transport, logger: Logger(label: "test"))
    }

    @Test func aResolvedAccountIsActiveWithItsNameAndTheRequestIsExactlyAsDocumented() async throws {
        try await Self.withSimulator { provider, transport in
            let check = try await provider.lookUp(try Self.query("0690000032"), context: Self.context(transport))
            #expect(check == RecipientCheck(active: true, name: "Pastor Bright"))
            #expect(check.maskedName == "P***** B*****")
            let request = try #require(transport.requests.first)
            #expect(transport.requests.count == 1)
            #expect(request.method == "POST")
            #expect(request.url.hasSuffix("/v3/accounts/resolve") && request.url.hasPrefix("http://127.0.0.1:"))
            #expect(request.header("Authorization") == "Bearer " + Self.secretKey)
            #expect(request.header("Content-Type") == "application/json")
            let body = String(decoding: try #require(request.body), as: UTF8.self)
            #expect(body == #"{"account_number":"0690000032","account_bank":"044"}"#)
        }
    }

    @Test func anotherAccountIsNamedAsTheSimulatorHoldsIt() async throws {
        try await Self.withSimulator { provider, transport in
            let check = try await provider.lookUp(try Self.query("0123456789", bank: "058"), context: Self.context(transport))
            #expect(check == RecipientCheck(active: true, name: FlutterwaveAccountHolder.name(of: "0123456789")))
            #expect(transport.requests.first?.json?["account_bank"] as? String == "058")
        }
    }

    @Test(arguments: ["0121212121", "0010101011", "0700000001"])
    func anAccountThatCannotBeResolvedIsNotActive(number: String) async throws {
        try await Self.withSimulator { provider, transport in
            let check = try await provider.lookUp(try Self.query(number), context: Self.context(transport))
            #expect(check == RecipientCheck(active: false))
        }
    }

    @Test(arguments: [("0700000006", ProviderError.Kind.ambiguous), ("0700000005", .ambiguous)])
    func aServerErrorOrATimeoutIsAnAnswerNotGot(number: String, kind: ProviderError.Kind) async throws {
        try await Self.withSimulator { provider, transport in
            do {
                let check = try await provider.lookUp(try Self.query(number), context: Self.context(transport))
                Issue.record("expected a ProviderError, got \(check)")
            } catch let error as ProviderError {
                #expect(error.kind == kind)
                #expect(error.provider == "flutterwave")
                #expect(!error.reason.contains(number))
            }
        }
    }

    @Test func aWrongKeyIsNotSent() async throws {
        try await Self.withSimulator(secretKey: "FLWSECK_TEST-not-the-configured-key-X") { provider, transport in
            do {
                _ = try await provider.lookUp(try Self.query("0690000032"), context: Self.context(transport))
                Issue.record("expected a ProviderError")
            } catch let error as ProviderError {
                #expect(error.kind == .notSent && error.reason == "resolve: HTTP 401")
            }
        }
    }

    @Test func aCurrencyWithoutResolutionIsRefusedBeforeAnythingIsSent() async throws {
        let transport = RecordingTransport { _ in HTTPResponse(status: 500) }
        let provider = FlutterwaveProvider(configuration: FlutterwaveProviderTests.configuration)
        #expect(provider.bankAccountLookupCurrencies == [Self.ngn, Currency(code: "GHS")!])
        #expect(provider.capabilities.operations.contains(.lookup))
        do {
            _ = try await provider.lookUp(try Self.query("0690000032", currency: .KES), context: transport.context())
            Issue.record("expected a ProviderError")
        } catch let error as ProviderError {
            #expect(error.kind == .notSent)
        }
        #expect(transport.requests.isEmpty)
    }

    /// Answers the simulator never gives: what Flutterwave might, and how each is read.
    @Test(arguments: [
        (200, #"{"status":"success","message":"Account details fetched","data":{"account_number":"0690000032","account_name":"  ADA  OBI "}}"#,
         RecipientCheck?.some(RecipientCheck(active: true, name: "ADA  OBI")), ProviderError.Kind?.none),
        (200, #"{"status":"success","message":"Account details fetched","data":{"account_number":"0690000032","account_name":""}}"#,
         RecipientCheck(active: true), nil),
        (200, #"{"status":"success","message":"Account details fetched","data":{"account_name":"ADA OBI"}}"#,
         RecipientCheck(active: true, name: "ADA OBI"), nil),
        (200, #"{"status":"success","message":"Account details fetched","data":{"account_number":"0690000099","account_name":"ADA OBI"}}"#,
         nil, .ambiguous),
        (200, #"{"status":"success","message":"Account details fetched","data":null}"#, nil, .ambiguous),
        (200, #"{"status":"error","message":"Account details fetched","data":null}"#, nil, .ambiguous),
        (200, "<html>gateway</html>", nil, .ambiguous),
        (400, #"{"status":"error","message":"Unknown bank code","data":null}"#, RecipientCheck(active: false), nil),
        (400, #"{"status":"error","message":"account_bank is required","data":null}"#, nil, .notSent),
        (400, #"{"status":"error","message":"account_number must be a string","data":null}"#, nil, .notSent),
        (400, "Bad Request", nil, .ambiguous),
        (401, #"{"status":"error","message":"Invalid authorization key","data":null}"#, nil, .notSent),
        (429, #"{"status":"error","message":"Too many requests","data":null}"#, nil, .notSent),
        (502, "", nil, .ambiguous),
    ])
    func cannedAnswersAreRead(status: Int, body: String, check: RecipientCheck?, kind: ProviderError.Kind?) async throws {
        let transport = RecordingTransport { _ in FlutterwaveProviderTests.answer(status, body) }
        let provider = FlutterwaveProvider(configuration: FlutterwaveProviderTests.configuration)
        do {
            let answer = try await provider.lookUp(try Self.query("0690000032"), context: transport.context())
            #expect(answer == check)
            #expect(kind == nil)
        } catch let error as ProviderError {
            #expect(error.kind == kind)
            #expect(check == nil)
            #expect(!error.reason.contains("0690000032") && !error.reason.contains("OBI"))
        }
        #expect(transport.requests.first?.url == "http://flw.test/v3/accounts/resolve")
    }

    @Test func theResolutionCurrenciesAreASetting() throws {
        let yaml = """
            providers:
              flutterwave:
                type: flutterwave
                secret_key: FLWSECK_TEST-0123456789abcdef-X
                webhook_secret_hashes: [hash-one]
                account_resolution_currencies: [NGN, KES]
            """
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: [:], plugins: [AnyProviderPlugin(FlutterwavePlugin())])
        let provider = try #require(configuration.providers.first?.provider() as? FlutterwaveProvider)
        #expect(provider.bankAccountLookupCurrencies == [Self.ngn, .KES])
    }
}
