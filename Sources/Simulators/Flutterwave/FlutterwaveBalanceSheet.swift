import HubKit

/// The merchant's Flutterwave balance in one currency, in minor units.
///
/// `available` is what a transfer or a refund may take: the opening balance plus successful collections,
/// minus completed and in-flight transfers and refunds. Every amount is at most
/// `PaymentLimits.defaultMaximum` (10^12), so sums over a simulator run stay far from `Int64.max`.
public struct FlutterwaveBalance: Sendable, Hashable {
    public let currency: Currency
    public internal(set) var opening: Int64
    /// Successful charges.
    public internal(set) var collected: Int64 = 0
    /// Successful transfers.
    public internal(set) var paidOut: Int64 = 0
    /// Transfers queued or processing, whose money is already held.
    public internal(set) var held: Int64 = 0
    public internal(set) var refunded: Int64 = 0

    init(currency: Currency, opening: Int64) {
        self.currency = currency
        self.opening = opening
    }

    public var available: Int64 { opening + collected - paidOut - held - refunded }

    public var availableMoney: Money {
        // `available` never goes below zero: holds and refunds are refused beyond it.
        (try? Money(minorUnits: available, currency: currency)) ?? FlutterwaveMoney.zero(in: currency)
    }
}

/// Every currency's balance; missing currencies start at zero.
struct FlutterwaveBalanceSheet: Sendable {
    private var balances: [Currency: FlutterwaveBalance] = [:]

    init(opening: [Money]) {
        for money in opening {
            balances[money.currency] = FlutterwaveBalance(currency: money.currency, opening: money.minorUnits)
        }
    }

    subscript(currency: Currency) -> FlutterwaveBalance {
        get { balances[currency] ?? FlutterwaveBalance(currency: currency, opening: 0) }
        set { balances[currency] = newValue }
    }

    /// Every currency that has a balance, by code.
    var all: [FlutterwaveBalance] {
        balances.values.sorted { $0.currency.code < $1.currency.code }
    }

    mutating func collect(_ amount: Money) {
        self[amount.currency].collected += amount.minorUnits
    }

    /// Holds `amount` for a transfer; `false` (and nothing held) when the available balance is short.
    mutating func hold(_ amount: Money) -> Bool {
        guard self[amount.currency].available >= amount.minorUnits else { return false }
        self[amount.currency].held += amount.minorUnits
        return true
    }

    /// Ends a hold: paid out when the transfer succeeded, released when it failed.
    mutating func release(_ amount: Money, paidOut: Bool) {
        self[amount.currency].held -= amount.minorUnits
        if paidOut { self[amount.currency].paidOut += amount.minorUnits }
    }

    /// Takes a refund from the available balance; `false` when it is short.
    mutating func refund(_ amount: Money) -> Bool {
        guard self[amount.currency].available >= amount.minorUnits else { return false }
        self[amount.currency].refunded += amount.minorUnits
        return true
    }
}

enum FlutterwaveMoney {
    /// Zero minor units, which `Money` never refuses.
    static func zero(in currency: Currency) -> Money {
        try! Money(minorUnits: 0, currency: currency)
    }
}
