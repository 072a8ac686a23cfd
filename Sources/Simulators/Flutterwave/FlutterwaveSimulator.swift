import Foundation
import HubKit
import Hummingbird

/// A local stand-in for the part of Flutterwave's v3 API a hub uses, written from Flutterwave's
/// documentation: mobile-money charges (`POST /v3/charges?type=…`) and tokenized card charges as
/// top-ups, verification by id and by `tx_ref`, transfers to bank accounts and mobile money, refunds,
/// balances, bank account resolution, Flutterwave's error envelope, and `charge.completed` /
/// `transfer.completed` webhooks carrying `verif-hash` (and optionally `flutterwave-signature`).
///
/// Outcomes follow `FlutterwaveScenario`'s table, keyed by phone or account number, by card token
/// (`FlutterwaveTestCard`) and by Flutterwave's documented transfer-reference suffixes. The simulator keeps
/// its own truth (every charge, transfer and refund, the merchant's balances and every webhook attempt),
/// readable through `charges(since:)`, `transfers(since:)`, `refunds(since:)` and `balances()`, and over HTTP
/// at `GET /sim/v1/transactions` and `GET /sim/v1/balances`.
///
/// ```swift
/// let simulator = FlutterwaveSimulator(configuration: .init(), webhookTransport: transport)
/// try await simulator.run(host: "127.0.0.1", port: 0) { port in print("Flutterwave on \(port)") }
/// ```
public final class FlutterwaveSimulator: LoopbackSimulator {
    public let configuration: FlutterwaveSimulatorConfiguration
    let book: FlutterwaveTransactionBook
    let webhooks: FlutterwaveWebhookDispatcher

    /// - Parameter webhookTransport: carries webhooks and transfer callbacks; production passes the hub's
    ///   libcurl transport.
    public init(
        configuration: FlutterwaveSimulatorConfiguration = FlutterwaveSimulatorConfiguration(),
        webhookTransport: any HTTPTransport
    ) {
        self.configuration = configuration
        self.book = FlutterwaveTransactionBook(openingBalances: configuration.openingBalances)
        self.webhooks = FlutterwaveWebhookDispatcher(transport: webhookTransport, configuration: configuration, book: book)
    }

    /// The simulator's routes, for embedding or for `HummingbirdTesting`'s router test client.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addChargeRoutes(to: router)
        addTokenizedChargeRoutes(to: router)
        addVerifyRoutes(to: router)
        addRefundRoutes(to: router)
        addTransferRoutes(to: router)
        addAccountResolutionRoutes(to: router)
        addBalanceRoutes(to: router)
        addReportingRoutes(to: router)
        return router
    }

    public var serverName: String { "flutterwave-simulator" }

    /// Cancels every webhook and callback not yet delivered (retries included); none is sent afterwards.
    public func shutdown() async {
        await webhooks.shutdown()
    }

    /// Charges created at or after `since` (all if `nil`), oldest first, each in its current state.
    public func charges(since: Date? = nil) async -> [FlutterwaveSimulatedCharge] {
        await book.charges(since: since)
    }

    public func charge(txRef: String) async -> FlutterwaveSimulatedCharge? {
        await book.charge(txRef: txRef)
    }

    public func charge(id: Int64) async -> FlutterwaveSimulatedCharge? {
        await book.charge(id: id)
    }

    /// Transfers created at or after `since` (all if `nil`), oldest first, each as `GET` would show it.
    public func transfers(since: Date? = nil) async -> [FlutterwaveSimulatedTransfer] {
        await book.transfers(since: since)
    }

    public func transfer(id: Int64) async -> FlutterwaveSimulatedTransfer? {
        await book.transfer(id: id)
    }

    public func refunds(since: Date? = nil) async -> [FlutterwaveSimulatedRefund] {
        await book.refunds(since: since)
    }

    /// The merchant's balance in every currency that has one.
    public func balances() async -> [FlutterwaveBalance] {
        await book.allBalances()
    }

    public func balance(in currency: Currency) async -> FlutterwaveBalance {
        await book.balance(in: currency)
    }

    /// Every webhook and callback delivery attempt so far, in sending order.
    public func webhookDeliveries() async -> [FlutterwaveWebhookDelivery] {
        let charges = await book.charges(since: nil).flatMap(\.webhooks)
        let transfers = await book.transfers(since: nil).flatMap(\.webhooks)
        return (charges + transfers).sorted { $0.sentAt < $1.sentAt }
    }

    /// Authenticates, runs `answer`, and writes its reply; a thrown `FlutterwaveAPIError` is answered
    /// with its own status and body.
    func handle(_ request: Request, _ answer: () async throws(FlutterwaveAPIError) -> FlutterwaveReply) async -> Response {
        do {
            try FlutterwaveHTTP.authenticate(request, accepted: configuration.secretKey)
            return FlutterwaveHTTP.response(try await answer())
        } catch {
            return FlutterwaveHTTP.response(error.reply)
        }
    }
}
