import Hub

/// How to reach one Stripe account. Credentials come from configuration, never from code.
///
/// `description` names the account's base URL only: the secret key and webhook secrets never reach a log line.
public struct StripeConfiguration: Sendable, CustomStringConvertible {
    /// `https://api.stripe.com`, or a simulator's address. Paths (`/v1/…`) are appended to it.
    public var baseURL: String
    /// The restricted or secret API key (`rk_…`, `sk_…`), sent as `Authorization: Bearer`.
    public var secretKey: String
    /// Webhook endpoint signing secrets (`whsec_…`). Every one is accepted, so a rotation lists the old and the
    /// new secret until Stripe stops signing with the old one. Empty: every notification is refused.
    public var webhookSecrets: [String]
    /// Sent as `Stripe-Version` when set; otherwise the account's default API version applies.
    public var apiVersion: String?
    public var currencies: Set<Currency>
    /// ISO 3166-1 alpha-2 codes of the countries whose wallets may top up by card.
    public var countries: Set<String>
    public var connectTimeout: Duration
    public var timeout: Duration
    /// How long Stripe usually takes to settle a card payment that did not finish synchronously (3-D Secure,
    /// `processing`); the poller asks for status after this.
    public var expectedCallbackSeconds: Int

    /// The currencies taken by default. Stripe's "smallest currency unit" for each is the hub's minor unit
    /// (RWF and UGX are zero-decimal in both), so amounts are sent as they are stored.
    public static let defaultCurrencies: Set<Currency> = Set(
        ["USD", "EUR", "GBP", "KES", "NGN", "GHS", "RWF", "UGX"].compactMap { Currency(code: $0) })

    public init(baseURL: String = "https://api.stripe.com", secretKey: String, webhookSecrets: [String],
                apiVersion: String? = nil, currencies: Set<Currency> = StripeConfiguration.defaultCurrencies,
                countries: Set<String> = ["RW"], connectTimeout: Duration = .seconds(3), timeout: Duration = .seconds(30),
                expectedCallbackSeconds: Int = 120) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secretKey = secretKey
        self.webhookSecrets = webhookSecrets
        self.apiVersion = apiVersion
        self.currencies = currencies
        self.countries = countries
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.expectedCallbackSeconds = expectedCallbackSeconds
    }

    public var description: String {
        "StripeConfiguration(baseURL: \(baseURL), webhookSecrets: \(webhookSecrets.count) configured)"
    }
}
