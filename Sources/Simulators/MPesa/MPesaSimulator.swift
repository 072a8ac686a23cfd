import Foundation
import HubKit
import Hummingbird
import Webhooks

/// A local stand-in for Safaricom's M-Pesa Daraja API, written from Daraja's documentation: OAuth client
/// credentials, M-Pesa Express (STK push) with its callback and query, B2C payments (v1 and v3) with their results,
/// and Transaction Status, with Daraja's validation and error bodies.
///
/// Outcomes follow `MPesaSTKScenario` (by `PhoneNumber`) and `MPesaB2CScenario` (by `PartyB`). The simulator keeps
/// its own truth (every push, payment and status query, its final state and notifications, the B2C float), readable
/// through `pushes(since:)`, `payments(since:)` and over HTTP at `GET /sim/v1/transactions` and `GET /sim/v1/balances`.
///
/// ```swift
/// let simulator = MPesaSimulator(configuration: .init(), notificationTransport: transport)
/// try await simulator.run(host: "127.0.0.1", port: 0) { port in print("Daraja on \(port)") }
/// ```
public final class MPesaSimulator: LoopbackSimulator {
    public let configuration: MPesaSimulatorConfiguration
    let tokens: MPesaTokenStore
    let ledger: MPesaLedger
    let notifier: MPesaNotifier
    let credential: MPesaSecurityCredential

    /// - Parameter notificationTransport: carries callbacks and results; production passes the hub's libcurl transport.
    public init(configuration: MPesaSimulatorConfiguration = MPesaSimulatorConfiguration(), notificationTransport: any HTTPTransport) {
        self.configuration = configuration
        tokens = MPesaTokenStore(lifetime: configuration.tokenLifetime, newTokenRevokesPrevious: configuration.newTokenRevokesPrevious)
        ledger = MPesaLedger(float: configuration.b2cFloat, settleDelay: configuration.settleDelay, resultDelay: configuration.resultDelay)
        notifier = MPesaNotifier(transport: notificationTransport)
        credential = MPesaSecurityCredential(
            initiatorName: configuration.initiatorName, initiatorPassword: configuration.initiatorPassword, key: configuration.credentialKey
        )
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addOAuthRoute(to: router)
        addSTKRoutes(to: router)
        addB2CRoutes(to: router)
        addTransactionStatusRoute(to: router)
        addReportingRoutes(to: router)
        return router
    }

    public var serverName: String { "mpesa-simulator" }

    /// Cancels every callback and result not yet sent; the simulator sends none afterwards.
    public func shutdown() async {
        await notifier.shutdown()
    }

    /// A `SecurityCredential` the simulator accepts: the initiator password encrypted to `securityCredentialKey`.
    /// Each call gives a different one. Throws for a password too long for the key.
    public func issueSecurityCredential() throws(CryptoError) -> String {
        try credential.issue()
    }

    /// The public half of the key standing in for Safaricom's certificate, for a client that encrypts the initiator
    /// password itself.
    public var securityCredentialKey: RSAPublicKey {
        configuration.credentialKey.publicKey
    }

    /// STK pushes accepted at or after `since` (all if `nil`), oldest first, each in its current state.
    public func pushes(since: Date? = nil) async -> [MPesaSimulatedSTKPush] {
        await ledger.pushes(since: since)
    }

    public func push(checkoutRequestID: String) async -> MPesaSimulatedSTKPush? {
        await ledger.push(checkoutRequestID)
    }

    /// B2C payments accepted at or after `since` (all if `nil`), oldest first, each in its current state.
    public func payments(since: Date? = nil) async -> [MPesaSimulatedB2CPayment] {
        await ledger.payments(since: since)
    }

    public func payment(conversationID: String) async -> MPesaSimulatedB2CPayment? {
        await ledger.payment(conversationID)
    }

    public func statusQuery(conversationID: String) async -> MPesaSimulatedStatusQuery? {
        await ledger.query(conversationID)
    }

    /// What is left of the B2C float (KES).
    public func b2cFloat() async -> Money {
        await ledger.balances().float
    }

    /// What completed STK pushes paid into the shortcode (KES).
    public func collected() async -> Money {
        await ledger.balances().collected
    }

    /// Checks `Authorization: Bearer <token>` (the scheme in any case) against the issued, unexpired tokens.
    func authorize(_ request: Request) async throws(MPesaHTTPFailure) {
        guard let header = MPesaHTTP.header("Authorization", of: request), header.lowercased().hasPrefix("bearer "),
              await tokens.isValid(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        else { throw .invalidAccessToken }
    }
}
