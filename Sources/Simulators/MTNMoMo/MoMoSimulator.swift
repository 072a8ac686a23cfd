import Foundation
import HubKit
import Hummingbird
import Logging

/// A local stand-in for the MTN MoMo Open API (collection and disbursement), written from MoMo's
/// documentation: sandbox provisioning, per-product tokens, request-to-pay, transfer, deposit and refund with
/// MoMo's validation and errors, status, balances, account-holder checks, and callbacks to `X-Callback-Url`.
///
/// Outcomes follow `MoMoScenario`'s tables, keyed by the payer's or payee's MSISDN (for a refund, by the payer of
/// the refunded collection); account holders follow `MoMoAccountHolder`'s. The simulator keeps its own truth
/// (every transaction, its final state and callbacks, and the accounts' balances), readable through
/// `transactions(since:)` and over HTTP at `GET /sim/v1/transactions` and `GET /sim/v1/balances`.
///
/// ```swift
/// let simulator = MoMoSimulator(configuration: .init(), callbackTransport: transport)
/// try await simulator.run(host: "127.0.0.1", port: 0) { port in print("MoMo on \(port)") }
/// ```
public final class MoMoSimulator: LoopbackSimulator {
    public let configuration: MoMoSimulatorConfiguration
    let credentials: MoMoCredentialStore
    let book: MoMoTransactionBook
    let callbacks: MoMoCallbackDispatcher

    /// - Parameter callbackTransport: carries the callbacks; production passes the hub's libcurl transport.
    public init(configuration: MoMoSimulatorConfiguration = MoMoSimulatorConfiguration(), callbackTransport: any HTTPTransport) {
        self.configuration = configuration
        self.credentials = MoMoCredentialStore(seededUsers: configuration.seededUsers, tokenLifetime: configuration.tokenLifetime)
        self.book = MoMoTransactionBook(
            settleDelay: configuration.settleDelay, reasonStyle: configuration.reasonStyle,
            disbursementFloat: configuration.disbursementFloat
        )
        self.callbacks = MoMoCallbackDispatcher(transport: callbackTransport, method: configuration.callbackMethod, book: book)
    }

    /// The simulator's routes, for embedding or for `HummingbirdTesting`'s router test client.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        addProvisioningRoutes(to: router)
        for product in MoMoProduct.allCases {
            addTokenRoute(to: router, product: product)
            addPaymentRoutes(to: router, product: product)
            addAccountHolderRoutes(to: router, product: product)
        }
        addRefundRoutes(to: router)
        addReportingRoutes(to: router)
        return router
    }

    public var serverName: String { "momo-simulator" }

    /// Cancels every callback not yet sent; the simulator sends none afterwards.
    public func shutdown() async {
        await callbacks.shutdown()
    }

    /// Transactions created at or after `since` (all if `nil`), oldest first, each in its current state.
    public func transactions(since: Date? = nil) async -> [MoMoSimulatedTransaction] {
        await book.transactions(since: since)
    }

    /// One transaction of any kind of `product` by its `X-Reference-Id`, in its current state.
    public func transaction(reference: String, product: MoMoProduct) async -> MoMoSimulatedTransaction? {
        await book.transaction(reference, product: product)
    }

    /// The refunds whose `referenceIdToRefund` is `collectionReference`, oldest first, in their current state.
    public func refunds(of collectionReference: String) async -> [MoMoSimulatedTransaction] {
        await book.refunds(of: collectionReference)
    }

    /// The balance of a product's account: collections add to it; successful transfers, deposits and refunds take
    /// from the disbursement float.
    public func balance(of product: MoMoProduct, in currency: Currency) async -> Money {
        await book.balance(of: product, in: currency)
    }
}
