import Foundation

/// What a provider can do, as data, so the router can choose without calling it.
public struct ProviderCapabilities: Sendable {
    public enum Operation: String, Sendable, CaseIterable {
        case collect, payout, refund
        /// Recipient lookup before a payout: of a mobile-money account (`RecipientLookupProvider`), of a bank account
        /// (`BankAccountLookupProvider`), or both.
        case lookup
    }

    public var operations: Set<Operation>
    public var methods: Set<PaymentMethod>
    /// ISO 3166-1 alpha-2 codes of the countries served.
    public var countries: Set<String>
    public var currencies: Set<Currency>
    /// Per-currency inclusive bounds, in minor units. A currency absent here has no limit beyond `currencies`.
    public var limits: [Currency: ClosedRange<Int64>]
    /// Per-currency step, in minor units, that every amount must be a multiple of: M-Pesa moves whole shillings
    /// (`KES: 100`). An amount off the step is refused at routing, never rounded. A currency absent here takes any
    /// amount.
    public var granularity: [Currency: Int64]
    /// How long the provider usually takes to call back; the poller asks for status after this.
    public var expectedCallbackSeconds: Int
    /// How long the provider remembers a request's idempotency key (Stripe: about 24 hours), or `nil` if a
    /// reference stays unique for good (MTN MoMo answers 409 to a repeat at any age). Past it, a request left
    /// unsent-or-unknown is not sent again under the same key: it would be taken as a new payment.
    public var idempotencyWindow: TimeInterval?
    /// Whether a top-up whose send may have reached the provider can be sent again under its reference without
    /// charging twice. `false` for a request with no idempotency key (M-Pesa's STK push): such a top-up, left
    /// unsent-or-unknown by a crash, goes to review instead of out again.
    public var resendsTopUps = true

    public init(
        operations: Set<Operation>, methods: Set<PaymentMethod>, countries: Set<String>, currencies: Set<Currency>,
        limits: [Currency: ClosedRange<Int64>] = [:], granularity: [Currency: Int64] = [:], expectedCallbackSeconds: Int = 60,
        idempotencyWindow: TimeInterval? = nil
    ) {
        self.granularity = granularity
        self.idempotencyWindow = idempotencyWindow
        self.operations = operations
        self.methods = methods
        self.countries = countries
        self.currencies = currencies
        self.limits = limits
        self.expectedCallbackSeconds = expectedCallbackSeconds
    }

    /// These capabilities for a provider whose top-ups cannot be sent twice safely (`resendsTopUps` false).
    public var withoutTopUpResends: ProviderCapabilities {
        var copy = self
        copy.resendsTopUps = false
        return copy
    }

    /// Why this provider cannot take a payment, or `nil` if it can.
    public func refusal(operation: Operation, method: PaymentMethod, amount: Money) -> String? {
        if !operations.contains(operation) { return "does not support \(operation.rawValue)" }
        if !methods.contains(method) { return "does not support \(method.rawValue)" }
        if !currencies.contains(amount.currency) { return "does not support \(amount.currency.code)" }
        if let range = limits[amount.currency], !range.contains(amount.minorUnits) {
            return "amount outside \(amount.currency.code) limits \(range.lowerBound)...\(range.upperBound)"
        }
        if let step = granularity[amount.currency], step > 1, !amount.minorUnits.isMultiple(of: step) {
            let unit = step == amount.currency.minorUnitsPerMajorUnit ? "whole units of \(amount.currency.code)" : "steps of \(step) minor units of \(amount.currency.code)"
            return "moves only \(unit) (multiples of \(step) minor units): \(amount) would need rounding"
        }
        return nil
    }
}
