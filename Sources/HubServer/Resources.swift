import Foundation
import Hub
import Hummingbird

/// A JSON response with snake_case keys, as every API answer is.
func JSONResponse(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Response(status: status, headers: [.contentType: "application/json"],
                    body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
}

struct PaymentListResource: Encodable {
    var data: [PaymentResource]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data
        case nextCursor = "next_cursor"
    }
}

/// `GET /v1/wallets/{id}/balance`. All amounts in minor units.
struct BalanceResource: Encodable {
    struct Line: Encodable {
        var currency: String
        /// What the wallet can spend now: posted minus held.
        var available: Int64
        /// Held by withdrawals in flight.
        var pending: Int64
        var posted: Int64
    }

    var walletID: String
    var balances: [Line]

    enum CodingKeys: String, CodingKey {
        case balances
        case walletID = "wallet_id"
    }

    init(wallet: WalletID, balances: [AccountBalance]) {
        walletID = wallet.rawValue
        self.balances = balances.map { Line(currency: $0.currency.code, available: $0.available, pending: $0.held, posted: $0.posted) }
    }
}

/// `GET /v1/wallets/{id}/entries`: the wallet's ledger lines, oldest first.
struct EntriesResource: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var kind: String
        var direction: String
        var amount: Int64
        var currency: String
        var counterAccount: String
        var paymentID: String?
        var flagged: Bool
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, kind, direction, amount, currency, flagged
            case counterAccount = "counter_account"
            case paymentID = "payment_id"
            case createdAt = "created_at"
        }
    }

    var walletID: String
    var entries: [Entry]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case entries
        case walletID = "wallet_id"
        case nextCursor = "next_cursor"
    }

    init(wallet: WalletID, page: Page<LedgerLine>) {
        walletID = wallet.rawValue
        nextCursor = page.nextCursor
        entries = page.items.map {
            Entry(id: $0.transferID, kind: $0.kind.rawValue, direction: $0.direction.rawValue, amount: $0.amount.minorUnits,
                  currency: $0.amount.currency.code, counterAccount: $0.counterAccount, paymentID: $0.paymentID?.rawValue,
                  flagged: $0.flagged, createdAt: Timestamp.iso8601($0.createdAt))
        }
    }
}
