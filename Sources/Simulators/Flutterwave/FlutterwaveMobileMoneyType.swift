/// The mobile-money `type`s of `POST /v3/charges?type=…`, with what each accepts and how it answers,
/// as data (Flutterwave's Node-v3 SDK `services/mobile-money/*` and `documentation/collections.md`).
public enum FlutterwaveMobileMoneyType: String, Sendable, Hashable, CaseIterable {
    case mpesa
    case ghana = "mobile_money_ghana"
    case uganda = "mobile_money_uganda"
    case rwanda = "mobile_money_rwanda"
    case zambia = "mobile_money_zambia"
    case tanzania = "mobile_money_tanzania"
    case franco = "mobile_money_franco"

    /// How the charge answers: a redirect to an authorization page (no `data`), or the pending
    /// transaction in `data`.
    enum Answer {
        case redirect
        case pendingTransaction
        /// The pending transaction plus `meta.authorization.mode: "callback"` (francophone).
        case pendingTransactionWithCallback
    }

    /// The only currencies the type charges in; any other is a 400.
    public var currencies: [String] {
        switch self {
        case .mpesa: ["KES"]
        case .ghana: ["GHS"]
        case .uganda: ["UGX"]
        case .rwanda: ["RWF"]
        case .zambia: ["ZMW"]
        case .tanzania: ["TZS"]
        case .franco: ["XAF", "XOF"]
        }
    }

    /// Accepted values of `network` for a currency (matched without regard to case); `network` is optional.
    static func networks(for currency: String) -> [String] {
        switch currency {
        case "GHS": ["MTN", "VODAFONE", "AIRTELTIGO"]
        case "UGX", "RWF": ["MTN", "AIRTEL"]
        case "KES": ["SAFARICOM", "AIRTEL"]
        case "TZS": ["HALOPESA", "AIRTEL", "TIGO", "VODACOM"]
        case "ZMW": ["MTN", "AIRTEL", "ZAMTEL"]
        case "XOF": ["WAVE", "MTN", "ORANGEMONEY"]
        case "XAF": ["MTN", "ORANGEMONEY"]
        default: []
        }
    }

    /// Countries a francophone charge may name in `country` (required for XAF and XOF).
    static let francoCountries = ["CM", "SN", "BF", "CI"]

    var answer: Answer {
        switch self {
        case .ghana, .uganda, .rwanda, .zambia: .redirect
        case .mpesa, .tanzania: .pendingTransaction
        case .franco: .pendingTransactionWithCallback
        }
    }

    /// The transaction's `payment_type`.
    var paymentType: String {
        switch self {
        case .mpesa: "mpesa"
        case .ghana: "mobilemoneygh"
        case .uganda: "mobilemoneyug"
        case .rwanda: "mobilemoneyrw"
        case .zambia: "mobilemoneyzm"
        case .tanzania: "mobilemoneytz"
        case .franco: "mobilemoneysn"
        }
    }

    /// The webhook's `event.type`.
    var eventType: String {
        switch self {
        case .mpesa: "MPESA_TRANSACTION"
        case .ghana: "MOBILEMONEYGH_TRANSACTION"
        case .uganda: "MOBILEMONEYUG_TRANSACTION"
        case .rwanda: "MOBILEMONEYRW_TRANSACTION"
        case .zambia: "MOBILEMONEYZM_TRANSACTION"
        case .tanzania: "MOBILEMONEYTZ_TRANSACTION"
        case .franco: "MOBILEMONEYSN_TRANSACTION"
        }
    }

    /// The transaction's `auth_model`.
    var authModel: String {
        switch self {
        case .mpesa: "LIPA_MPESA"
        case .franco: "AUTH"
        case .ghana, .uganda, .rwanda, .zambia, .tanzania: "MOBILEMONEY"
        }
    }
}
