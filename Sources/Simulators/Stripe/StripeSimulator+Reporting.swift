import Foundation
import Hummingbird

/// The simulator's own truth over HTTP, read-only and without credentials, as a provider's reconciliation
/// report would be: `GET /sim/v1/transactions[?since=ISO8601]` and `GET /sim/v1/balances`.
extension StripeSimulator {
    func addReportingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sim/v1/transactions") { request, _ in
            var since: Date?
            if let text = request.uri.queryParameters.get("since") {
                guard let date = SimulatorDate.parse(text) else {
                    let error = StripeAPIError.invalidRequest("since must be an ISO 8601 date-time.", param: "since")
                    return StripeHTTP.response(error.reply, requestID: StripeIdentifier.make("req", length: 14))
                }
                since = date
            }
            let intents = await self.book.paymentIntents(since: since).map(StripeReportedTransaction.init)
            let refunds = await self.book.refunds(since: since).map(StripeReportedTransaction.init)
            let lines = (intents + refunds).enumerated()
                .sorted { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }.map(\.element)
            return StripeReport.json(lines)
        }
        router.get("/sim/v1/balances") { _, _ in
            let balances = await self.book.totals().map {
                StripeReportedBalance(
                    currency: $0.received.currency.code.lowercased(), received: $0.received.minorUnits,
                    refunded: $0.refunded.minorUnits, net: $0.received.minorUnits - $0.refunded.minorUnits
                )
            }
            return StripeReport.json(balances)
        }
    }
}

/// One line of `GET /sim/v1/transactions`: a PaymentIntent or a refund, amounts in minor units.
struct StripeReportedTransaction: Encodable {
    struct Webhook: Encodable {
        let eventId: String
        let type: String
        let copy: Int
        let attempt: Int
        let sentAt: String
        let responseStatus: Int?
        let failure: String?
    }

    let object: String
    let id: String
    let paymentIntent: String
    let amount: Int64
    let currency: String
    let status: String
    let amountReceived: Int64?
    let amountRefunded: Int64?
    let paymentMethod: String?
    let declineCode: String?
    let metadata: [String: String]
    let idempotencyKey: String?
    let createdAt: String
    let webhooks: [Webhook]

    init(_ intent: StripeSimulatedPaymentIntent) {
        object = "payment_intent"
        id = intent.id
        paymentIntent = intent.id
        amount = intent.amount.minorUnits
        currency = intent.amount.currency.code.lowercased()
        status = intent.status.rawValue
        amountReceived = intent.amountReceived.minorUnits
        amountRefunded = intent.amountRefunded.minorUnits
        paymentMethod = intent.testPaymentMethod?.rawValue
        declineCode = intent.decline?.declineCode
        metadata = intent.metadata
        idempotencyKey = intent.idempotencyKey
        createdAt = SimulatorDate.format(intent.createdAt)
        webhooks = intent.webhooks.map(Webhook.init)
    }

    init(_ refund: StripeSimulatedRefund) {
        object = "refund"
        id = refund.id
        paymentIntent = refund.paymentIntentID
        amount = refund.amount.minorUnits
        currency = refund.amount.currency.code.lowercased()
        status = "succeeded"
        amountReceived = nil
        amountRefunded = nil
        paymentMethod = nil
        declineCode = nil
        metadata = refund.metadata
        idempotencyKey = refund.idempotencyKey
        createdAt = SimulatorDate.format(refund.createdAt)
        webhooks = refund.webhooks.map(Webhook.init)
    }
}

extension StripeReportedTransaction.Webhook {
    init(_ delivery: StripeWebhookDelivery) {
        self.init(
            eventId: delivery.eventID, type: delivery.type, copy: delivery.copy, attempt: delivery.attempt,
            sentAt: SimulatorDate.format(delivery.sentAt), responseStatus: delivery.responseStatus,
            failure: delivery.failure
        )
    }
}

/// One line of `GET /sim/v1/balances`, in minor units.
struct StripeReportedBalance: Encodable {
    let currency: String
    let received: Int64
    let refunded: Int64
    let net: Int64
}

enum StripeReport {
    /// Encodes with sorted keys, so reports are byte-stable across runs.
    static func json(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // The report types hold only strings, integers and nested report types: encoding cannot fail.
        let data = try! encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
