import Foundation
import Hub
import Logging
@testable import Providers

/// The values the M-Pesa tests share, and an adapter talking to an `MPesaTestServer` through the hub's libcurl
/// transport.
enum MPesaTestSupport {
    /// The public sandbox shortcode and passkey, as PROVIDERS.md's Password vector uses them.
    static let shortcode = "174379"
    static let passkey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"
    static let consumerKey = "GvzjNnYgNJtwgwfLBkZh65VPwfuKvs0V"
    static let consumerSecret = "oOpJICRVlyrGSAkM"
    static let securityCredential = Data(repeating: 0xA5, count: 256).base64EncodedString()
    static let reference = "7d1c9e2a-4b6f-4e0d-8a3c-5b7e9f1a2c4d"
    static let callbackURL = "http://hub.test/webhooks/mpesa/cb0123456789abcdef"
    static let payer = try! MSISDN("+254708374149")
    /// 2020-02-25 18:15:25 in Nairobi: the instant of the official Password vector's Timestamp.
    static let vectorInstant = Date(timeIntervalSince1970: 1_582_643_725)
    static let vectorPassword = "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJh"
        + "ZGExZWQyYzkxOTIwMjAwMjI1MTgxNTI1"

    static func configuration(_ baseURL: String, timeout: Duration = .seconds(5)) -> MPesaConfiguration {
        MPesaConfiguration(baseURL: baseURL, consumerKey: consumerKey, consumerSecret: consumerSecret, shortcode: shortcode,
                           passkey: passkey, b2cShortcode: "600992", initiatorName: "testapi", securityCredential: securityCredential,
                           timeout: timeout)
    }

    static func kes(_ minorUnits: Int64) -> Money { try! Money.positive(minorUnits: minorUnits, currency: .KES) }

    static func collectRequest(_ amount: Money = kes(15_000), payer: MSISDN = payer, resend: Bool = false,
                               callbackURL: String? = callbackURL) -> CollectRequest {
        var request = CollectRequest(paymentID: .generate(), reference: reference, amount: amount, payer: .mobileMoney(payer),
                                     callbackURL: callbackURL, description: "Miliano top-up")
        request.isResend = resend
        return request
    }

    static func payoutRequest(_ amount: Money = kes(15_000), payee: MSISDN = payer) -> PayoutRequest {
        PayoutRequest(paymentID: .generate(), reference: reference, amount: amount, payee: .mobileMoney(payee), callbackURL: callbackURL,
                      description: "Miliano withdrawal")
    }

    /// Runs `body` with an adapter pointed at `server`, over real HTTP, then stops the server.
    static func with<Outcome>(_ server: MPesaTestServer, timeout: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() },
                              logger: Logger = Logger(label: "mpesa-test"),
                              _ body: (MPesaProvider, ProviderContext) async throws -> Outcome) async throws -> Outcome {
        defer { server.stop() }
        return try await withCurlTransport { transport in
            let provider = MPesaProvider(configuration: configuration(server.baseURL, timeout: timeout))
            return try await body(provider, ProviderContext(transport: transport, logger: logger, now: now))
        }
    }

    /// `request` sent to `server` through a fresh adapter.
    static func collect(_ server: MPesaTestServer, _ request: CollectRequest = collectRequest()) async throws -> ProviderResult {
        try await with(server) { provider, context in try await provider.collect(request, context: context) }
    }

    /// The kind of error `request` ends in at `server`, or `nil` if it was answered.
    static func collectError(_ server: MPesaTestServer, _ request: CollectRequest = collectRequest(),
                             timeout: Duration = .seconds(5)) async throws -> ProviderError.Kind? {
        try await with(server, timeout: timeout) { provider, context in
            await errorKind { () async throws(ProviderError) in try await provider.collect(request, context: context) }
        }
    }

    /// The kind of error a payout ends in at `server`, or `nil` if it was answered.
    static func payoutError(_ server: MPesaTestServer, _ request: PayoutRequest = payoutRequest()) async throws -> ProviderError.Kind? {
        try await with(server) { provider, context in
            await errorKind { () async throws(ProviderError) in try await provider.payout(request, context: context) }
        }
    }

    /// The kind of a thrown `ProviderError`, or `nil` when the call answered.
    static func errorKind(_ call: () async throws(ProviderError) -> ProviderResult) async -> ProviderError.Kind? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error.kind
        }
    }
}
