import Foundation
import HubKit
import Hummingbird

/// The simulator's own truth over HTTP, read-only and without credentials, as a provider's reconciliation report
/// would be: `GET /sim/v1/transactions[?since=ISO8601]` and `GET /sim/v1/balances`.
extension MPesaSimulator {
    func addReportingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sim/v1/transactions") { request, _ in
            await MPesaHTTP.respond {
                var since: Date?
                if let text = request.uri.queryParameters.get("since") {
                    guard let date = SimulatorDate.parse(text) else { throw MPesaHTTPFailure.invalid("since") }
                    since = date
                }
                let pushes = await self.ledger.pushes(since: since).map { (created: $0.createdAt, line: Self.reportLine($0)) }
                let payments = await self.ledger.payments(since: since).map { (created: $0.createdAt, line: Self.reportLine($0)) }
                let lines = (pushes + payments).sorted { $0.created < $1.created }.map(\.line)
                return MPesaHTTP.json(.ok, .array(lines))
            }
        }
        router.get("/sim/v1/balances") { _, _ in
            let balances = await self.ledger.balances()
            return MPesaHTTP.json(.ok, .array([
                Self.balanceLine(account: "shortcode", shortcode: self.configuration.shortcode, balances.collected),
                Self.balanceLine(account: "b2c-utility", shortcode: self.configuration.b2cShortcode, balances.float),
            ]))
        }
    }

    /// A push also carries its `accountReference`: the only trace of the merchant's own reference, as on the M-Pesa
    /// statement, and how a push whose answer was lost is found.
    static func reportLine(_ push: MPesaSimulatedSTKPush) -> MPesaJSON {
        let line = line(kind: "stkpush", id: push.checkoutRequestID, reference: push.merchantRequestID, party: push.phoneNumber,
                        amount: push.amount, status: push.status, result: push.result, receipt: push.receipt, created: push.createdAt,
                        completed: push.completedAt, notifications: push.notifications)
        guard case .object(let fields) = line else { return line }
        return .object(fields + [("accountReference", .string(push.accountReference))])
    }

    static func reportLine(_ payment: MPesaSimulatedB2CPayment) -> MPesaJSON {
        line(kind: "b2c", id: payment.conversationID, reference: payment.originatorConversationID, party: payment.partyB,
             amount: payment.amount, status: payment.status, result: payment.result, receipt: payment.receipt, created: payment.createdAt,
             completed: payment.completedAt, notifications: payment.notifications)
    }

    // One field per argument: the report line is the wire format itself.
    private static func line(
        kind: String, id: String, reference: String, party: String, amount: Money, status: MPesaTransactionStatus,
        result: MPesaResultCode?, receipt: String?, created: Date, completed: Date?, notifications: [MPesaNotification]
    ) -> MPesaJSON {
        .object([
            ("kind", .string(kind)), ("id", .string(id)), ("reference", .string(reference)), ("party", .string(party)),
            ("amount", .string(MPesaAmount.wholeShillings(amount))), ("currency", .string(amount.currency.code)),
            ("minorUnits", .integer(amount.minorUnits)), ("status", .string(status.rawValue)),
            ("resultCode", result.map { .integer(Int64($0.code)) } ?? .null), ("receipt", .optional(receipt)),
            ("createdAt", .string(SimulatorDate.format(created))), ("completedAt", .optional(completed.map(SimulatorDate.format))),
            ("notifications", .array(notifications.map { notification in
                .object([
                    ("kind", .string(notification.kind.rawValue)), ("sentAt", .string(SimulatorDate.format(notification.sentAt))),
                    ("url", .string(notification.url)), ("resultCode", .integer(Int64(notification.resultCode))),
                    ("responseStatus", notification.responseStatus.map { .integer(Int64($0)) } ?? .null),
                    ("failure", .optional(notification.failure)),
                ])
            })),
        ])
    }

    private static func balanceLine(account: String, shortcode: String, _ balance: Money) -> MPesaJSON {
        .object([
            ("account", .string(account)), ("shortcode", .string(shortcode)), ("currency", .string(balance.currency.code)),
            ("balance", .string(balance.decimalString)), ("minorUnits", .integer(balance.minorUnits)),
        ])
    }
}
