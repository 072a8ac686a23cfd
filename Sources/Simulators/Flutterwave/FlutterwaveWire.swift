import Foundation
import HubKit

/// Flutterwave's objects as the v3 API writes them, from the simulator's truth. Amounts are JSON numbers
/// in major units without trailing zeros (`1500`, `10.5`), as in Flutterwave's samples.
enum FlutterwaveWire {
    /// The merchant account every object names.
    static let accountID: Int64 = 100_001
    static let walletID: Int64 = 200_001

    static func amount(_ money: Money) -> SimulatorJSON {
        .number(money.compactDecimalString)
    }

    static func date(_ date: Date) -> SimulatorJSON {
        .string(SimulatorDate.format(date))
    }

    /// A stored `meta` (compact JSON text) back as JSON; `null` when absent.
    static func meta(_ text: String?) -> SimulatorJSON {
        text.flatMap { try? SimulatorJSONParser.parse(Array($0.utf8)) } ?? .null
    }

    /// The transaction of verify answers, charge answers and `charge.completed` webhooks. A tokenized
    /// charge's answer adds `redirect_url` (`withRedirectURL`), and `meta` replaces the stored `meta` (a
    /// pending card charge carries its authorization there), as Flutterwave's samples show.
    static func transaction(
        _ charge: FlutterwaveSimulatedCharge, withRedirectURL: Bool = false, meta replacement: SimulatorJSON? = nil
    ) -> SimulatorJSON {
        var fields: [(String, SimulatorJSON)] = [
            ("id", .integer(charge.id)),
            ("tx_ref", .string(charge.txRef)),
            ("flw_ref", .string(charge.flwRef)),
        ]
        if withRedirectURL { fields.append(("redirect_url", .string(charge.redirectURL ?? "N/A"))) }
        fields += [
            ("device_fingerprint", .string("N/A")),
            ("amount", amount(charge.amount)),
            ("currency", .string(charge.amount.currency.code)),
            ("charged_amount", amount(charge.amount)),
            ("app_fee", .integer(0)),
            ("merchant_fee", .integer(0)),
            ("processor_response", .string(charge.processorResponse)),
            ("auth_model", .string(authModel(of: charge))),
            ("ip", .string("::127.0.0.1")),
            ("narration", .string(charge.narration ?? "Flutterwave simulator")),
            ("status", .string(charge.status.rawValue)),
            ("payment_type", .string(paymentType(of: charge))),
            ("created_at", date(charge.createdAt)),
            ("account_id", .integer(accountID)),
        ]
        if case .card(let card) = charge.method {
            fields.append(("card", .object([
                ("first_6digits", .string(card.first6Digits)),
                ("last_4digits", .string(card.last4Digits)),
                ("issuer", .string("\(card.type) SIMULATED BANK")),
                ("country", .string("NG")),
                ("type", .string(card.type)),
                ("token", .string(card.token)),
                ("expiry", .string(card.expiry)),
            ])))
        }
        fields.append(("meta", replacement ?? meta(charge.meta)))
        fields.append(("amount_settled", charge.status == .successful ? amount(charge.amount) : .null))
        fields.append(("customer", .object([
            ("id", .integer(charge.id + 7_000_000)),
            ("name", .string(charge.customerName ?? "Anonymous customer")),
            ("phone_number", .optional(charge.phoneNumber)),
            ("email", .string(charge.email)),
            ("created_at", date(charge.createdAt)),
        ])))
        return .object(fields)
    }

    static func paymentType(of charge: FlutterwaveSimulatedCharge) -> String {
        switch charge.method {
        case .mobileMoney(let type): type.paymentType
        case .card: "card"
        }
    }

    static func authModel(of charge: FlutterwaveSimulatedCharge) -> String {
        switch charge.method {
        case .mobileMoney(let type): type.authModel
        case .card(let card): card.authModel
        }
    }

    /// `meta.authorization` of a charge that waits for the customer.
    static func redirectAuthorization(_ url: String) -> SimulatorJSON {
        .object([("authorization", .object([("redirect", .string(url)), ("mode", .string("redirect"))]))])
    }

    /// A transfer as `POST /v3/transfers` and `GET /v3/transfers…` write it.
    static func transfer(_ transfer: FlutterwaveSimulatedTransfer) -> SimulatorJSON {
        .object([
            ("id", .integer(transfer.id)),
            ("account_number", .string(transfer.accountNumber)),
            ("bank_code", .string(transfer.accountBank)),
            ("full_name", .string(transfer.beneficiaryName ?? "N/A")),
            ("created_at", date(transfer.createdAt)),
            ("currency", .string(transfer.amount.currency.code)),
            ("debit_currency", .string(transfer.amount.currency.code)),
            ("amount", amount(transfer.amount)),
            ("fee", amount(transfer.fee)),
            ("status", .string(transfer.status.rawValue)),
            ("reference", .string(transfer.reference)),
            ("meta", meta(transfer.meta)),
            ("narration", .optional(transfer.narration)),
            ("approver", .null),
            ("complete_message", .string(transfer.completeMessage)),
            ("requires_approval", .integer(0)),
            ("is_approved", .integer(1)),
            ("bank_name", .string(bankName(of: transfer))),
        ])
    }

    /// The `data` of a `transfer.completed` webhook: the transfer with `fullname` (not `full_name`) and
    /// `bank_name` after the account number, as Flutterwave's webhook sample writes it.
    static func transferEventData(_ transfer: FlutterwaveSimulatedTransfer) -> SimulatorJSON {
        .object([
            ("id", .integer(transfer.id)),
            ("account_number", .string(transfer.accountNumber)),
            ("bank_name", .string(bankName(of: transfer))),
            ("bank_code", .string(transfer.accountBank)),
            ("fullname", .string(transfer.beneficiaryName ?? "N/A")),
            ("created_at", date(transfer.createdAt)),
            ("currency", .string(transfer.amount.currency.code)),
            ("debit_currency", .string(transfer.amount.currency.code)),
            ("amount", amount(transfer.amount)),
            ("fee", amount(transfer.fee)),
            ("status", .string(transfer.status.rawValue)),
            ("reference", .string(transfer.reference)),
            ("meta", meta(transfer.meta)),
            ("narration", .optional(transfer.narration)),
            ("approver", .null),
            ("complete_message", .string(transfer.completeMessage)),
            ("requires_approval", .integer(0)),
            ("is_approved", .integer(1)),
        ])
    }

    static func bankName(of transfer: FlutterwaveSimulatedTransfer) -> String {
        if transfer.isMobileMoney { return "\(transfer.accountBank.uppercased()) MOBILE MONEY" }
        return transfer.accountBank == "044" ? "ACCESS BANK NIGERIA" : "N/A"
    }

    static func refund(_ refund: FlutterwaveSimulatedRefund) -> SimulatorJSON {
        .object([
            ("id", .integer(refund.id)),
            ("account_id", .integer(accountID)),
            ("tx_id", .integer(refund.transactionID)),
            ("flw_ref", .string(refund.flwRef)),
            ("wallet_id", .integer(walletID)),
            ("amount_refunded", amount(refund.amount)),
            ("status", .string("completed")),
            ("destination", .string("payment_source")),
            ("meta", .object([("source", .string("availablebalance"))])),
            ("created_at", date(refund.createdAt)),
        ])
    }

    static func balance(_ balance: FlutterwaveBalance) -> SimulatorJSON {
        let available = amount(balance.availableMoney)
        return .object([("currency", .string(balance.currency.code)), ("available_balance", available), ("ledger_balance", available)])
    }
}
