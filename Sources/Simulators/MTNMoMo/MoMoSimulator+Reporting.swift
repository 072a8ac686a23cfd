import Foundation
import Hummingbird

/// The simulator's own truth over HTTP, read-only and without credentials, as a provider's reconciliation
/// report would be: `GET /sim/v1/transactions[?since=ISO8601]` and `GET /sim/v1/balances`.
extension MoMoSimulator {
    func addReportingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sim/v1/transactions") { request, _ in
            await MoMoHTTP.respond {
                var since: Date?
                if let text = request.uri.queryParameters.get("since") {
                    guard let date = SimulatorDate.parse(text) else {
                        throw MoMoHTTPFailure.badRequest("since must be an ISO 8601 date-time.")
                    }
                    since = date
                }
                let transactions = await self.book.transactions(since: since)
                return MoMoHTTP.json(.ok, transactions.map(MoMoReportedTransaction.init))
            }
        }
        router.get("/sim/v1/balances") { _, _ in
            let balances = await self.book.allBalances().map {
                MoMoReportedBalance(
                    product: $0.product.rawValue, currency: $0.balance.currency.code,
                    balance: $0.balance.decimalString, minorUnits: $0.balance.minorUnits
                )
            }
            return MoMoHTTP.json(.ok, balances)
        }
    }
}

/// One line of `GET /sim/v1/transactions`.
struct MoMoReportedTransaction: Encodable {
    struct Callback: Encodable {
        let sentAt: String
        let method: String
        let url: String
        let reportedStatus: String
        let responseStatus: Int?
        let failure: String?
    }

    let reference: String
    let product: String
    /// `requesttopay`, `transfer`, `deposit` or `refund`.
    let kind: String
    /// The refunded request-to-pay of a refund; absent for every other kind.
    let referenceIdToRefund: String?
    let externalId: String?
    let partyIdType: String
    let partyId: String
    let amount: String
    let currency: String
    let minorUnits: Int64
    let status: String
    let reason: String?
    let financialTransactionId: String?
    let createdAt: String
    let finishedAt: String?
    let callbackUrl: String?
    let callbacks: [Callback]

    init(_ transaction: MoMoSimulatedTransaction) {
        reference = transaction.reference
        product = transaction.product.rawValue
        kind = transaction.kind.rawValue
        referenceIdToRefund = transaction.refundedReference
        externalId = transaction.externalID
        partyIdType = transaction.partyIDType
        partyId = transaction.partyID
        amount = transaction.amount.decimalString
        currency = transaction.amount.currency.code
        minorUnits = transaction.amount.minorUnits
        status = transaction.status.rawValue
        reason = transaction.reason?.code
        financialTransactionId = transaction.financialTransactionID
        createdAt = SimulatorDate.format(transaction.createdAt)
        finishedAt = transaction.finishedAt.map(SimulatorDate.format)
        callbackUrl = transaction.callbackURL
        callbacks = transaction.callbacks.map {
            Callback(
                sentAt: SimulatorDate.format($0.sentAt), method: $0.method, url: $0.url,
                reportedStatus: $0.reportedStatus.rawValue, responseStatus: $0.responseStatus, failure: $0.failure
            )
        }
    }
}

/// One line of `GET /sim/v1/balances`.
struct MoMoReportedBalance: Encodable {
    let product: String
    let currency: String
    let balance: String
    let minorUnits: Int64
}
