import Hub

/// Flutterwave's statuses, each mapped to the hub's result in one exhaustive `switch`.
enum FlutterwaveChargeStatus: String {
    case successful, pending, failed, cancelled, new

    init?(_ text: String?) {
        guard let text, let status = Self(rawValue: text.lowercased()) else { return nil }
        self = status
    }

    func result(transactionID: String?, processorResponse: String?) -> ProviderResult {
        switch self {
        case .successful: .succeeded(providerTransactionID: transactionID)
        case .pending, .new: .pending(providerTransactionID: transactionID)
        case .failed: .failed(FlutterwaveFailure.charge(processorResponse))
        case .cancelled: .failed(PaymentFailure(reason: .cancelled, providerCode: "cancelled", message: "the payment was cancelled"))
        }
    }
}

enum FlutterwaveTransferStatus: String {
    case new = "NEW", pending = "PENDING", successful = "SUCCESSFUL", failed = "FAILED"

    init?(_ text: String?) {
        guard let text, let status = Self(rawValue: text.uppercased()) else { return nil }
        self = status
    }

    func result(transferID: String?, completeMessage: String?) -> ProviderResult {
        switch self {
        case .new, .pending: .pending(providerTransactionID: transferID)
        case .successful: .succeeded(providerTransactionID: transferID)
        case .failed: .failed(FlutterwaveFailure.transfer(completeMessage))
        }
    }
}

enum FlutterwaveRefundStatus: String {
    case completed, successful, pending, new, failed, cancelled

    init?(_ text: String?) {
        guard let text, let status = Self(rawValue: text.lowercased()) else { return nil }
        self = status
    }

    func result(refundID: String?) -> ProviderResult {
        switch self {
        case .completed, .successful: .succeeded(providerTransactionID: refundID)
        case .pending, .new: .pending(providerTransactionID: refundID)
        case .failed, .cancelled:
            .failed(PaymentFailure(reason: .declined, providerCode: rawValue, message: "the refund could not be completed"))
        }
    }
}

/// Flutterwave reports why a payment failed in words, not codes: the hub keeps the words, shortened, as the
/// provider's code, and maps the ones it recognises.
enum FlutterwaveFailure {
    static func charge(_ words: String?) -> PaymentFailure {
        failure(words, fallback: "failed", message: "the payment was declined")
    }

    static func transfer(_ words: String?) -> PaymentFailure {
        failure(words, fallback: "FAILED", message: "the transfer failed")
    }

    static func failure(_ words: String?, fallback: String, message: String) -> PaymentFailure {
        let code = words.map { String($0.prefix(80)) } ?? fallback
        let lower = code.lowercased()
        let reason: FailureReason = if lower.contains("insufficient") { .insufficientFunds }
            else if lower.contains("expired") || lower.contains("timeout") { .expired }
            else if lower.contains("cancel") { .cancelled }
            else if lower.contains("invalid") || lower.contains("not found") { .accountNotFound }
            else if lower.contains("limit") { .limitExceeded }
            else { .declined }
        return PaymentFailure(reason: reason, providerCode: code, message: message)
    }
}

/// Which v3 charge type and which transfer bank code serve a mobile-money payment, by currency (and network).
enum FlutterwaveMobileMoney {
    /// `POST /v3/charges?type=…` for a collection in `currency`.
    static func chargeType(_ currency: Currency) -> String? {
        switch currency.code {
        case "KES": "mpesa"
        case "RWF": "mobile_money_rwanda"
        case "UGX": "mobile_money_uganda"
        case "GHS": "mobile_money_ghana"
        case "ZMW": "mobile_money_zambia"
        case "TZS": "mobile_money_tanzania"
        case "XAF", "XOF": "mobile_money_franco"
        default: nil
        }
    }

    /// The network of a number, where the charge type needs one: MTN or Airtel by the number's prefix in
    /// Rwanda and Uganda, Safaricom in Kenya.
    static func network(_ digits: String, currency: Currency) -> String? {
        switch currency.code {
        case "RWF": ["25078", "25079"].contains { digits.hasPrefix($0) } ? "MTN" : ["25072", "25073"].contains { digits.hasPrefix($0) } ? "AIRTEL" : nil
        case "UGX": ["25677", "25678", "25676", "25639"].contains { digits.hasPrefix($0) } ? "MTN"
            : ["25670", "25675", "25674", "25620"].contains { digits.hasPrefix($0) } ? "AIRTEL" : nil
        case "KES": "SAFARICOM"
        default: nil
        }
    }

    /// The country a currency is charged in, for a tokenized card charge.
    static func country(of currency: Currency) -> String? {
        ["RWF": "RW", "UGX": "UG", "KES": "KE", "GHS": "GH", "ZMW": "ZM", "TZS": "TZ", "NGN": "NG", "ZAR": "ZA"][currency.code]
    }

    /// `account_bank` of a mobile-money transfer.
    static func transferBank(_ digits: String, currency: Currency) -> String? {
        switch currency.code {
        case "KES", "ZMW": "MPS"
        case "RWF", "UGX", "GHS", "TZS": network(digits, currency: currency) ?? (currency.code == "RWF" ? "MPS" : nil)
        default: nil
        }
    }
}
