/// How money is collected or paid out.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case mobileMoney = "mobile_money"
    case card
    case bank
}

/// The other side of a payment: where a top-up pulls from, or where a withdrawal pays to.
public enum Counterparty: Hashable, Sendable, CustomStringConvertible {
    case mobileMoney(MSISDN)
    /// A card payment-method token from the card provider (`pm_…`); never a card number.
    case card(paymentMethod: String)

    public var method: PaymentMethod {
        switch self {
        case .mobileMoney: .mobileMoney
        case .card: .card
        }
    }

    /// The mobile number, when there is one.
    public var msisdn: MSISDN? {
        if case .mobileMoney(let msisdn) = self { return msisdn }
        return nil
    }

    /// Redacted, safe to log.
    public var description: String {
        switch self {
        case .mobileMoney(let msisdn): "mobile_money \(msisdn.redacted)"
        case .card(let token): "card \(token.prefix(8))…"
        }
    }

    /// A stable text form for storage and request fingerprints (`mobile_money:+250…`, `card:pm_…`).
    public var storageValue: String {
        switch self {
        case .mobileMoney(let msisdn): "mobile_money:\(msisdn.e164)"
        case .card(let token): "card:\(token)"
        }
    }

    public init(storageValue: String) throws(ValidationError) {
        if storageValue.hasPrefix("mobile_money:") {
            self = .mobileMoney(try MSISDN(String(storageValue.dropFirst("mobile_money:".count))))
        } else if storageValue.hasPrefix("card:") {
            self = .card(paymentMethod: String(storageValue.dropFirst("card:".count)))
        } else {
            throw ValidationError(field: "counterparty", "unknown stored form")
        }
    }
}
