import HubKit
import Webhooks

/// How the Flutterwave simulator behaves. Every delay is short by default, for tests; the doc page lists
/// the values that reproduce Flutterwave's own timings in a demo.
public struct FlutterwaveSimulatorConfiguration: Sendable {
    /// The only secret key accepted as `Authorization: Bearer …`; `nil` accepts any test secret key
    /// (`FLWSECK_TEST-…`).
    public var secretKey: String?
    /// Where webhooks go and how they are authenticated; `nil` sends none (transfer `callback_url`s are
    /// still called).
    public var webhook: FlutterwaveWebhookEndpoint?
    /// How long a pending charge (mobile money, or a card needing 3-D Secure) waits for the customer
    /// before it completes.
    public var chargeSettleDelay: Duration
    /// How long a transfer stays `NEW`/`PENDING` before it completes.
    public var transferSettleDelay: Duration
    /// What one minute of a transfer reference's `DU_<minutes>` suffix lasts (Flutterwave: a minute).
    public var transferMockMinute: Duration
    /// Time between the change that causes a webhook and its first delivery.
    public var webhookDelay: Duration
    /// How many times a delivery not answered 200 is retried (Flutterwave: 3).
    public var webhookRetries: Int
    /// The wait before the first retry (Flutterwave: 30 minutes).
    public var webhookRetryInterval: Duration
    /// Each further retry waits this many times longer than the one before; 1 keeps Flutterwave's fixed
    /// interval, 2 doubles it (backoff).
    public var webhookRetryGrowth: Int
    /// How long the `answerSlowly` scenario waits before answering normally.
    public var slowDelay: Duration
    /// How long the `timeOut` scenario waits before its 503 (Flutterwave: about 28 seconds).
    public var timeoutDelay: Duration
    /// The merchant's opening available balance, one amount per currency; transfers and refunds take from
    /// it, successful charges add to it. A currency absent here starts at zero.
    public var openingBalances: [Money]

    public init(
        secretKey: String? = nil,
        webhook: FlutterwaveWebhookEndpoint? = nil,
        chargeSettleDelay: Duration = .milliseconds(50),
        transferSettleDelay: Duration = .milliseconds(50),
        transferMockMinute: Duration = .seconds(60),
        webhookDelay: Duration = .milliseconds(10),
        webhookRetries: Int = 3,
        webhookRetryInterval: Duration = .milliseconds(20),
        webhookRetryGrowth: Int = 2,
        slowDelay: Duration = .seconds(2),
        timeoutDelay: Duration = .seconds(28),
        openingBalances: [Money] = FlutterwaveSimulatorConfiguration.defaultOpeningBalances
    ) {
        self.secretKey = secretKey
        self.webhook = webhook
        self.chargeSettleDelay = chargeSettleDelay
        self.transferSettleDelay = transferSettleDelay
        self.transferMockMinute = transferMockMinute
        self.webhookDelay = webhookDelay
        self.webhookRetries = webhookRetries
        self.webhookRetryInterval = webhookRetryInterval
        self.webhookRetryGrowth = webhookRetryGrowth
        self.slowDelay = slowDelay
        self.timeoutDelay = timeoutDelay
        self.openingBalances = openingBalances
    }

    /// 10^10 minor units in each currency Flutterwave serves in East and West Africa, plus NGN and USD:
    /// 10 000 000 000 RWF or UGX, 100 000 000.00 KES or NGN.
    public static let defaultOpeningBalances: [Money] = ["GHS", "KES", "NGN", "RWF", "TZS", "UGX", "USD", "XAF", "XOF", "ZMW"]
        .compactMap { Currency(code: $0) }
        // Positive and far below Int64.max: the initialiser cannot throw.
        .map { try! Money(minorUnits: 10_000_000_000, currency: $0) }
}

/// A webhook endpoint as set in Flutterwave's dashboard: its URL, the "secret hash" sent verbatim as
/// `verif-hash` (v3), and optionally the secret of the newer `flutterwave-signature` header
/// (base64 HMAC-SHA256 of the raw body). Flutterwave keys that HMAC with the same secret hash, so pass the
/// same value unless a test needs them to differ.
public struct FlutterwaveWebhookEndpoint: Sendable {
    public let url: String
    let verifHash: FlutterwaveV3WebhookSigner
    let signature: FlutterwaveWebhookSigner?

    /// Throws `WebhookSecretError.empty` for an empty secret: a missing secret never falls back to a
    /// default.
    public init(url: String, secretHash: String, signatureSecret: String? = nil) throws(WebhookSecretError) {
        self.url = url
        self.verifHash = try FlutterwaveV3WebhookSigner(secretHash: secretHash)
        if let signatureSecret {
            self.signature = try FlutterwaveWebhookSigner(secretHash: signatureSecret)
        } else {
            self.signature = nil
        }
    }
}
