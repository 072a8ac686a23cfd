import Foundation
import HubKit
import Hummingbird
import Webhooks

/// A local stand-in for the Airtel Money Open API, written from Airtel's documentation (not from the adapter),
/// so that it catches the adapter's mistakes: OAuth2 client credentials with short-lived tokens, the
/// `X-Country`/`X-Currency` pair, MSISDNs without the country code, USSD-push collections (v1, and v2 with message
/// signing), their enquiry and refund, disbursements with an RSA-encrypted PIN and a float, the encryption key,
/// KYC, and callbacks to the application's one callback URL, hashed when callback authentication is on.
///
/// Outcomes follow `AirtelMoneyScenario`'s table, keyed by the subscriber's or payee's national MSISDN; KYC follows
/// `AirtelMoneyAccountHolder`'s. The simulator keeps its own truth, readable through `transactions(since:)` and
/// over HTTP at `GET /sim/v1/transactions`.
///
/// ```swift
/// let simulator = AirtelMoneySimulator(configuration: .init(callbackURL: url), callbackTransport: transport)
/// try await simulator.run(host: "127.0.0.1", port: 0) { port in print("Airtel on \(port)") }
/// ```
public final class AirtelMoneySimulator: LoopbackSimulator {
    public let configuration: AirtelMoneySimulatorConfiguration
    let tokens: AirtelMoneyTokenStore
    let book: AirtelMoneyTransactionBook
    let callbacks: AirtelMoneyCallbackDispatcher
    let signing: AirtelMoneyMessageSigning

    /// - Parameter callbackTransport: carries the callbacks; production passes the hub's libcurl transport.
    public init(
        configuration: AirtelMoneySimulatorConfiguration = AirtelMoneySimulatorConfiguration(), callbackTransport: any HTTPTransport
    ) {
        self.configuration = configuration
        self.tokens = AirtelMoneyTokenStore(lifetime: configuration.tokenLifetime, seeded: configuration.seededTokens)
        self.book = AirtelMoneyTransactionBook(
            settleDelay: configuration.settleDelay, ambiguousDelay: configuration.ambiguousDelay,
            disbursementFloat: configuration.disbursementFloat
        )
        self.callbacks = AirtelMoneyCallbackDispatcher(
            transport: callbackTransport, url: configuration.callbackURL, hashKey: configuration.callbackHashKey, book: book
        )
        self.signing = AirtelMoneyMessageSigning(privateKey: configuration.encryptionKey)
    }

    /// The simulator's routes, for embedding or for `HummingbirdTesting`'s router test client. A path answers with
    /// and without its trailing slash.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addTokenRoute(to: router)
        addCollectionRoutes(to: router)
        addRefundRoutes(to: router)
        addDisbursementRoutes(to: router)
        addAccountRoutes(to: router)
        addReportingRoutes(to: router)
        return router
    }

    public var serverName: String { "airtel-money-simulator" }

    /// The public half of the encryption key, as `GET /v1/rsa/encryption-keys` serves it.
    public var encryptionPublicKey: RSAPublicKey { configuration.encryptionKey.publicKey }

    /// Cancels every callback not yet sent; the simulator sends none afterwards.
    public func shutdown() async {
        await callbacks.shutdown()
    }

    /// Transactions created at or after `since` (all if `nil`), oldest first, each in its current state.
    public func transactions(since: Date? = nil) async -> [AirtelMoneySimulatedTransaction] {
        await book.transactions(since: since)
    }

    /// One transaction by its `transaction.id` (a refund by its `airtel_money_id`), in its current state.
    public func transaction(_ id: String, kind: AirtelMoneyTransactionKind) async -> AirtelMoneySimulatedTransaction? {
        await book.transaction(id, kind: kind)
    }

    /// What is left of the disbursement float in `currency`.
    public func remainingFloat(in currency: Currency) async -> Money {
        await book.remainingFloat(in: currency)
    }
}
