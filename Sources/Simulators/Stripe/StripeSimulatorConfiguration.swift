import Webhooks

/// How the Stripe simulator behaves. Every delay is short in tests and realistic in a demo.
public struct StripeSimulatorConfiguration: Sendable {
    /// The only secret key accepted; `nil` accepts any key that starts with `sk_test_`.
    public var apiKey: String?
    /// Where events are sent and the secret that signs them; `nil` sends no events.
    public var webhook: StripeWebhookEndpoint?
    /// How long a PaymentIntent confirmed with `pm_card_processing` stays `processing` before it succeeds.
    public var settleDelay: Duration
    /// Time between the change that causes an event and its first delivery.
    public var webhookDelay: Duration
    /// How many times a delivery not answered with a 2xx is retried (Stripe retries for up to three days).
    public var webhookRetries: Int
    /// The wait before the first retry; each further retry waits twice as long as the one before.
    public var webhookRetryBackoff: Duration
    /// How many times each event is delivered (1: once); above 1 tests idempotent intake of duplicates.
    public var webhookCopies: Int
    /// The `api_version` events carry.
    public var apiVersion: String

    public init(
        apiKey: String? = nil,
        webhook: StripeWebhookEndpoint? = nil,
        settleDelay: Duration = .milliseconds(50),
        webhookDelay: Duration = .milliseconds(10),
        webhookRetries: Int = 2,
        webhookRetryBackoff: Duration = .milliseconds(20),
        webhookCopies: Int = 1,
        apiVersion: String = "2024-06-20"
    ) {
        self.apiKey = apiKey
        self.webhook = webhook
        self.settleDelay = settleDelay
        self.webhookDelay = webhookDelay
        self.webhookRetries = webhookRetries
        self.webhookRetryBackoff = webhookRetryBackoff
        self.webhookCopies = webhookCopies
        self.apiVersion = apiVersion
    }
}

/// A webhook endpoint as registered in Stripe's dashboard: its URL and its signing secret (`whsec_…`).
public struct StripeWebhookEndpoint: Sendable {
    public let url: String
    let signer: StripeWebhookSigner

    /// Throws `WebhookSecretError.empty` for an empty secret: a missing secret never falls back to a default.
    public init(url: String, secret: String) throws(WebhookSecretError) {
        self.url = url
        self.signer = try StripeWebhookSigner(secret: secret)
    }
}
