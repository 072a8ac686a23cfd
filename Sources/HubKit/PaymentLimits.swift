/// The largest amount, in minor units, one payment may carry in each currency.
///
/// Far below `Int64.max` on purpose: a balance is a sum of many amounts, and no sum may come near overflow.
public struct PaymentLimits: Sendable, Equatable {
    /// The maximum for a currency the configuration does not name: 10^12 minor units (a trillion RWF, ten
    /// billion USD), about 9 million times below `Int64.max`.
    public static let defaultMaximum: Int64 = 1_000_000_000_000

    /// Per-currency maxima from the configuration; each must be positive and at most `defaultMaximum`.
    public var maximum: [Currency: Int64]

    public init(maximum: [Currency: Int64] = [:]) {
        self.maximum = maximum
    }

    public func maximum(for currency: Currency) -> Int64 { maximum[currency] ?? Self.defaultMaximum }
}
