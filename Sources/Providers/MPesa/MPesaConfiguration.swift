import Hub

/// How to reach one Daraja (Safaricom M-Pesa) account. Credentials come from configuration, never from code.
public struct MPesaConfiguration: Sendable {
    /// `TransactionType` of an STK push: a Pay Bill number, or a Till (Buy Goods) number.
    public enum TransactionType: String, Sendable, CaseIterable {
        case payBill = "CustomerPayBillOnline"
        case buyGoods = "CustomerBuyGoodsOnline"
    }

    /// `CommandID` of a B2C payment: the kind of payout the customer's SMS names.
    public enum B2CCommand: String, Sendable, CaseIterable {
        case businessPayment = "BusinessPayment"
        case salaryPayment = "SalaryPayment"
        case promotionPayment = "PromotionPayment"
    }

    /// `https://sandbox.safaricom.co.ke`, `https://api.safaricom.co.ke`, or any Daraja-compatible server.
    public var baseURL: String
    /// The Daraja app's consumer key and secret, sent as HTTP Basic credentials for an access token.
    public var consumerKey: String
    public var consumerSecret: String
    /// The STK push `BusinessShortCode` (Pay Bill, or the store number of a Till): 5 to 9 digits, kept as text.
    public var shortcode: String
    /// The Lipa na M-Pesa passkey that goes into an STK push's `Password`.
    public var passkey: String
    /// The till that receives a Buy Goods push (`PartyB`); `nil` uses `shortcode`, as Pay Bill does.
    public var tillNumber: String?
    /// The B2C shortcode payouts leave from (`PartyA`); `shortcode` unless configured.
    public var b2cShortcode: String
    /// The API operator's user name on the M-PESA organisation portal.
    public var initiatorName: String
    /// The initiator's password RSA-encrypted with Safaricom's certificate and base64-encoded, as the portal
    /// produces it; sent as it is.
    public var securityCredential: String
    public var transactionType: TransactionType
    public var b2cCommand: B2CCommand
    public var currencies: Set<Currency>
    public var countries: Set<String>
    public var connectTimeout: Duration
    public var timeout: Duration
    /// How long Daraja usually takes to call back (an STK prompt waits for the customer's PIN); the poller asks for
    /// status after this.
    public var expectedCallbackSeconds: Int

    public init(baseURL: String, consumerKey: String, consumerSecret: String, shortcode: String, passkey: String,
                tillNumber: String? = nil, b2cShortcode: String? = nil, initiatorName: String, securityCredential: String,
                transactionType: TransactionType = .payBill, b2cCommand: B2CCommand = .businessPayment,
                currencies: Set<Currency> = [.KES], countries: Set<String> = ["KE"], connectTimeout: Duration = .seconds(3),
                timeout: Duration = .seconds(30), expectedCallbackSeconds: Int = 60) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.shortcode = shortcode
        self.passkey = passkey
        self.tillNumber = tillNumber
        self.b2cShortcode = b2cShortcode ?? shortcode
        self.initiatorName = initiatorName
        self.securityCredential = securityCredential
        self.transactionType = transactionType
        self.b2cCommand = b2cCommand
        self.currencies = currencies
        self.countries = countries
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.expectedCallbackSeconds = expectedCallbackSeconds
    }

    /// `PartyB` of an STK push: the till for Buy Goods when one is configured, else the shortcode.
    var pushPartyB: String { transactionType == .buyGoods ? tillNumber ?? shortcode : shortcode }
}
