import Hub

/// How to reach one Flutterwave account (v3 API). Credentials come from configuration, never from code.
public struct FlutterwaveConfiguration: Sendable {
    /// `https://api.flutterwave.com`, or a simulator's address; paths start with `/v3`.
    public var baseURL = "https://api.flutterwave.com"
    /// `FLWSECK-…` (live) or `FLWSECK_TEST-…` (test), sent as `Authorization: Bearer`.
    public var secretKey = ""
    /// The dashboard's "secret hash" notifications carry (`verif-hash`) or sign with (`flutterwave-signature`);
    /// two while one is rotated.
    public var webhookSecretHashes: [String] = []
    /// Flutterwave requires a customer email on every charge; the wallet has none, so this one is sent.
    public var customerEmail = "payments@miliano.rw"
    /// Flutterwave requires a beneficiary name on mobile-money transfers; the wallet sends none, so this one is used.
    public var beneficiaryName = "Miliano customer"
    public var currencies: Set<Currency> = FlutterwaveConfiguration.defaultCurrencies
    public var countries: Set<String> = ["RW", "UG", "KE", "GH", "ZM", "TZ"]
    /// Currencies whose bank accounts `POST /v3/accounts/resolve` is asked about: Flutterwave documents resolution
    /// for banks in Nigeria and Ghana only. Independent of `currencies`: a lookup moves no money.
    public var accountResolutionCurrencies: Set<Currency> = Set(["NGN", "GHS"].compactMap { Currency(code: $0) })
    public var connectTimeout: Duration = .seconds(3)
    /// Flutterwave answers 503 after about 28 s when it cannot finish in time; wait a little longer than that.
    public var timeout: Duration = .seconds(35)
    public var expectedCallbackSeconds = 30

    /// The mobile-money currencies of the markets Flutterwave serves in East and West Africa.
    public static let defaultCurrencies: Set<Currency> = Set(["RWF", "UGX", "KES", "GHS", "ZMW", "TZS"].compactMap { Currency(code: $0) })

    public init() {}
}
