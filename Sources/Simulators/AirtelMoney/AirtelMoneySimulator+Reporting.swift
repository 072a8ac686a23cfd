import Foundation
import Hummingbird

/// The simulator's own truth over HTTP, read-only and without credentials, as a provider's reconciliation report
/// would be: `GET /sim/v1/transactions[?since=ISO8601]`.
extension AirtelMoneySimulator {
    func addReportingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/sim/v1/transactions") { request, _ in
            await AirtelMoneyHTTP.respond {
                var since: Date?
                if let text = request.uri.queryParameters.get("since") {
                    guard let date = SimulatorDate.parse(String(text)) else {
                        throw AirtelMoneyHTTPFailure.fieldValidation("since must be an ISO 8601 date-time.")
                    }
                    since = date
                }
                let transactions = await self.book.transactions(since: since)
                return AirtelMoneyHTTP.json(.ok, .array(transactions.map(Self.reported)))
            }
        }
    }

    /// One line of the report: `{"id","kind","airtel_money_id","msisdn","country","amount","currency","minor_units",
    /// "status","response_code","api_version","created_at","finished_at","refund_airtel_money_id",
    /// "refunded_airtel_money_id","callbacks":[{"sent_at","status_code","hashed","response_status","failure"}]}`.
    static func reported(_ transaction: AirtelMoneySimulatedTransaction) -> SimulatorJSON {
        .object([
            ("id", .string(transaction.id)),
            ("kind", .string(transaction.kind.rawValue)),
            ("airtel_money_id", .string(transaction.airtelMoneyID)),
            ("msisdn", .string(transaction.msisdn)),
            ("country", .string(transaction.country)),
            ("amount", .string(transaction.amount.decimalString)),
            ("currency", .string(transaction.amount.currency.code)),
            ("minor_units", .integer(transaction.amount.minorUnits)),
            ("status", .string(transaction.status.rawValue)),
            ("response_code", .string(transaction.responseCode.rawValue)),
            ("api_version", .string(transaction.apiVersion)),
            ("created_at", .string(SimulatorDate.format(transaction.createdAt))),
            ("finished_at", .optional(transaction.finishedAt.map(SimulatorDate.format))),
            ("refund_airtel_money_id", .optional(transaction.refundAirtelMoneyID)),
            ("refunded_airtel_money_id", .optional(transaction.refundedAirtelMoneyID)),
            ("callbacks", .array(transaction.callbacks.map { callback in
                .object([
                    ("sent_at", .string(SimulatorDate.format(callback.sentAt))),
                    ("status_code", .string(callback.reportedStatus.rawValue)),
                    ("hashed", .bool(callback.hashed)),
                    ("response_status", callback.responseStatus.map { .integer(Int64($0)) } ?? .null),
                    ("failure", .optional(callback.failure)),
                ])
            })),
        ])
    }
}
