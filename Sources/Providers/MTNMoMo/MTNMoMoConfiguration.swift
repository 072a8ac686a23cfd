import Hub

/// How to reach one MTN MoMo deployment. Credentials come from configuration, never from code.
public struct MTNMoMoConfiguration: Sendable {
    /// One MoMo product's credentials: each product has its own subscription key and API user.
    public struct Credentials: Sendable {
        public var subscriptionKey: String
        public var apiUser: String
        public var apiKey: String

        public init(subscriptionKey: String, apiUser: String, apiKey: String) {
            self.subscriptionKey = subscriptionKey
            self.apiUser = apiUser
            self.apiKey = apiKey
        }
    }

    /// `https://sandbox.momodeveloper.mtn.com`, `https://proxy.momoapi.mtn.com`, or a simulator's address.
    public var baseURL: String
    /// `sandbox`, or the market's name such as `mtnrwanda`.
    public var targetEnvironment: String
    public var collection: Credentials
    public var disbursement: Credentials
    public var currencies: Set<Currency>
    public var countries: Set<String>
    public var connectTimeout: Duration
    public var timeout: Duration
    /// How long MoMo usually takes to call back; the poller asks for status after this.
    public var expectedCallbackSeconds: Int
    /// How long after its request an attempt may still be unknown to MoMo. Past it, a status answer of
    /// 404 means the request never arrived (MoMo drops unapproved requests within minutes) and the payment
    /// fails; before it, the 404 is only "not visible yet".
    public var notFoundGraceSeconds: Int

    public init(baseURL: String, targetEnvironment: String, collection: Credentials, disbursement: Credentials,
                currencies: Set<Currency> = [.RWF, .EUR], countries: Set<String> = ["RW"],
                connectTimeout: Duration = .seconds(3), timeout: Duration = .seconds(20), expectedCallbackSeconds: Int = 30,
                notFoundGraceSeconds: Int = 600) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.targetEnvironment = targetEnvironment
        self.collection = collection
        self.disbursement = disbursement
        self.currencies = currencies
        self.countries = countries
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.expectedCallbackSeconds = expectedCallbackSeconds
        self.notFoundGraceSeconds = notFoundGraceSeconds
    }
}
