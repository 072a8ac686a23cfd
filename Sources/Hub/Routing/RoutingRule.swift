/// One routing rule: which payments it matches, and the providers to try for them, in order.
///
/// Every condition left `nil` (or empty) matches anything. Rules are tried in the order configured; the
/// first that matches decides the candidates.
public struct RoutingRule: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable, CaseIterable {
        case collect, payout
    }

    /// A provider named by a rule, with an optional weight for splitting volume among equals.
    public struct Target: Sendable, Equatable {
        public var provider: ProviderID
        /// Relative share of payments that try this provider first; `nil` keeps the configured order.
        public var weight: Int?

        public init(provider: ProviderID, weight: Int? = nil) {
            self.provider = provider
            self.weight = weight
        }
    }

    public var name: String
    public var direction: Direction?
    public var method: PaymentMethod?
    /// ISO 3166-1 alpha-2, matched against the counterparty's country (from its phone number's prefix).
    public var country: String?
    public var currency: Currency?
    /// Inclusive bounds in minor units of `currency` (or of the payment's currency when `currency` is nil).
    public var minimumAmount: Int64?
    public var maximumAmount: Int64?
    /// E.164 prefixes such as `+25078`; a payment matches if its number starts with any of them.
    public var msisdnPrefixes: [String]
    public var targets: [Target]

    public init(name: String, direction: Direction? = nil, method: PaymentMethod? = nil, country: String? = nil,
                currency: Currency? = nil, minimumAmount: Int64? = nil, maximumAmount: Int64? = nil,
                msisdnPrefixes: [String] = [], targets: [Target]) {
        self.name = name
        self.direction = direction
        self.method = method
        self.country = country
        self.currency = currency
        self.minimumAmount = minimumAmount
        self.maximumAmount = maximumAmount
        self.msisdnPrefixes = msisdnPrefixes
        self.targets = targets
    }

    /// Why the rule does not match the request, or `nil` if it does.
    public func mismatch(_ request: PaymentRequest) -> String? {
        let requestDirection: Direction = request.kind == .topUp ? .collect : .payout
        if let direction, direction != requestDirection { return "direction is \(requestDirection.rawValue)" }
        if let method, method != request.counterparty.method { return "method is \(request.counterparty.method.rawValue)" }
        if let currency, currency != request.amount.currency { return "currency is \(request.amount.currency.code)" }
        if let country, Country.of(request.counterparty) != country { return "country is not \(country)" }
        if let minimumAmount, request.amount.minorUnits < minimumAmount { return "amount below \(minimumAmount)" }
        if let maximumAmount, request.amount.minorUnits > maximumAmount { return "amount above \(maximumAmount)" }
        if !msisdnPrefixes.isEmpty {
            guard let msisdn = request.counterparty.msisdn, msisdnPrefixes.contains(where: msisdn.hasPrefix) else {
                return "number matches none of its prefixes"
            }
        }
        return nil
    }
}

/// Countries from E.164 calling codes, for the markets the hub serves.
public enum Country {
    static let callingCodes: [(prefix: String, country: String)] = [
        ("250", "RW"), ("256", "UG"), ("254", "KE"), ("255", "TZ"), ("257", "BI"), ("243", "CD"), ("260", "ZM"),
        ("234", "NG"), ("233", "GH"), ("225", "CI"), ("221", "SN"), ("237", "CM"), ("27", "ZA"), ("1", "US"), ("44", "GB"),
    ]

    /// The currency a country's mobile money moves in, for the countries of `callingCodes`.
    static let currencies: [String: String] = [
        "RW": "RWF", "UG": "UGX", "KE": "KES", "TZ": "TZS", "BI": "BIF", "CD": "CDF", "ZM": "ZMW", "NG": "NGN", "GH": "GHS",
        "CI": "XOF", "SN": "XOF", "CM": "XAF", "ZA": "ZAR", "US": "USD", "GB": "GBP",
    ]

    /// The country's currency, or `nil` for a country the table does not know.
    public static func currency(of country: String) -> Currency? {
        currencies[country].flatMap { Currency(code: $0) }
    }

    /// The counterparty's country when its phone number tells it; `nil` for cards and unknown codes.
    public static func of(_ counterparty: Counterparty) -> String? {
        guard let msisdn = counterparty.msisdn else { return nil }
        return callingCodes.first { msisdn.digits.hasPrefix($0.prefix) }?.country
    }
}
