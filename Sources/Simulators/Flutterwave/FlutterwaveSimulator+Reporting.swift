import Foundation
import Hummingbird

/// The simulator's own truth over HTTP, read-only and without credentials, as a provider's reconciliation
/// report would be: `GET /sim/v1/transactions[?since=ISO8601]` and `GET /sim/v1/balances`. Also the page a
/// redirect-mode mobile-money charge sends its customer to, `GET /sim/v1/checkout/{flw_ref}`.
extension FlutterwaveSimulator {
    func addReportingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sim/v1/transactions") { request, _ in
            var since: Date?
            if let text = request.uri.queryParameters.get("since") {
                guard let date = SimulatorDate.parse(String(text)) else {
                    return FlutterwaveHTTP.response(FlutterwaveAPIError.invalid("since must be an ISO 8601 date-time").reply)
                }
                since = date
            }
            let charges = await self.book.charges(since: since).map(FlutterwaveReportedTransaction.init)
            let transfers = await self.book.transfers(since: since).map(FlutterwaveReportedTransaction.init)
            let refunds = await self.book.refunds(since: since).map(FlutterwaveReportedTransaction.init)
            let lines = (charges + transfers + refunds).enumerated()
                .sorted { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }.map(\.element)
            return FlutterwaveReport.json(lines)
        }
        router.get("/sim/v1/balances") { _, _ in
            FlutterwaveReport.json(await self.book.allBalances().map(FlutterwaveReportedBalance.init))
        }
        router.get("/sim/v1/checkout/:flwRef") { _, context in
            guard let flwRef = context.parameters.get("flwRef"), let charge = await self.book.charge(flwRef: flwRef) else {
                return FlutterwaveHTTP.response(FlutterwaveAPIError.invalid("No charge is waiting at this address").reply)
            }
            let page = FlutterwaveReply.success(
                "Simulated authorization page: the charge completes by itself after chargeSettleDelay",
                data: .object([("tx_ref", .string(charge.txRef)), ("status", .string(charge.status.rawValue))])
            )
            return FlutterwaveHTTP.response(page)
        }
    }
}

/// One line of `GET /sim/v1/transactions`: a charge, a transfer or a refund, amounts in minor units and as
/// decimal strings.
struct FlutterwaveReportedTransaction: Encodable {
    struct Webhook: Encodable {
        let event: String
        let url: String
        let copy: Int
        let attempt: Int
        let sentAt: String
        let reportedStatus: String
        let responseStatus: Int?
        let failure: String?
    }

    let object: String
    let id: Int64
    let reference: String
    let method: String
    let scenario: String
    let amount: String
    let minorUnits: Int64
    let currency: String
    let status: String
    let detail: String
    let refundedMinorUnits: Int64?
    let transactionId: Int64?
    let createdAt: String
    let completedAt: String?
    let webhooks: [Webhook]

    init(_ charge: FlutterwaveSimulatedCharge) {
        object = "charge"
        id = charge.id
        reference = charge.txRef
        method = FlutterwaveWire.paymentType(of: charge)
        scenario = charge.scenario.name
        amount = charge.amount.decimalString
        minorUnits = charge.amount.minorUnits
        currency = charge.amount.currency.code
        status = charge.status.rawValue
        detail = charge.processorResponse
        refundedMinorUnits = charge.amountRefunded.minorUnits
        transactionId = nil
        createdAt = SimulatorDate.format(charge.createdAt)
        completedAt = charge.completedAt.map(SimulatorDate.format)
        webhooks = charge.webhooks.map(Webhook.init)
    }

    init(_ transfer: FlutterwaveSimulatedTransfer) {
        object = "transfer"
        id = transfer.id
        reference = transfer.reference
        method = transfer.isMobileMoney ? "mobile_money" : "bank"
        scenario = transfer.scenario.name
        amount = transfer.amount.decimalString
        minorUnits = transfer.amount.minorUnits
        currency = transfer.amount.currency.code
        status = transfer.status.rawValue
        detail = transfer.completeMessage
        refundedMinorUnits = nil
        transactionId = nil
        createdAt = SimulatorDate.format(transfer.createdAt)
        completedAt = transfer.completedAt.map(SimulatorDate.format)
        webhooks = transfer.webhooks.map(Webhook.init)
    }

    init(_ refund: FlutterwaveSimulatedRefund) {
        object = "refund"
        id = refund.id
        reference = refund.flwRef
        method = "refund"
        scenario = "succeed"
        amount = refund.amount.decimalString
        minorUnits = refund.amount.minorUnits
        currency = refund.amount.currency.code
        status = "completed"
        detail = refund.comments ?? ""
        refundedMinorUnits = nil
        transactionId = refund.transactionID
        createdAt = SimulatorDate.format(refund.createdAt)
        completedAt = createdAt
        webhooks = []
    }
}

extension FlutterwaveReportedTransaction.Webhook {
    init(_ delivery: FlutterwaveWebhookDelivery) {
        self.init(
            event: delivery.event, url: delivery.url, copy: delivery.copy, attempt: delivery.attempt,
            sentAt: SimulatorDate.format(delivery.sentAt), reportedStatus: delivery.reportedStatus,
            responseStatus: delivery.responseStatus, failure: delivery.failure
        )
    }
}

/// One line of `GET /sim/v1/balances`, in minor units, with `available` also as a decimal string.
struct FlutterwaveReportedBalance: Encodable {
    let currency: String
    let opening: Int64
    let collected: Int64
    let paidOut: Int64
    let held: Int64
    let refunded: Int64
    let available: Int64
    let availableDecimal: String

    init(_ balance: FlutterwaveBalance) {
        currency = balance.currency.code
        opening = balance.opening
        collected = balance.collected
        paidOut = balance.paidOut
        held = balance.held
        refunded = balance.refunded
        available = balance.available
        availableDecimal = balance.availableMoney.decimalString
    }
}

enum FlutterwaveReport {
    /// Encodes with sorted keys, so reports are byte-stable across runs.
    static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The report types hold only strings, integers and nested report types: encoding cannot fail.
        let data = try! encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
