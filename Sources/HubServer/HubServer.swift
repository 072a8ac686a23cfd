import Foundation
import Hub
import Hummingbird
import Webhooks

/// The Hummingbird application: wallet API, webhook intake, health.
public enum HubServer {}

/// What the HTTP side of the hub needs besides the `HubService`.
public struct HubServerConfiguration: Sendable {
    /// The API keys the wallet backend and operators may present: each one's id and scopes, and a SHA-256 digest of
    /// the key. The keys themselves are not kept.
    var keys: [KeyDigest]
    /// The unguessable path segment that provider callbacks must carry: `/webhooks/{provider}/{token}`.
    public var callbackToken: String
    /// Largest accepted API request body, in bytes.
    public var maxRequestBytes: Int
    /// Largest accepted webhook body, in bytes.
    public var maxWebhookBytes: Int
    /// How long a request body may take to arrive once its head has; a slower one is answered 408.
    public var bodyTimeout: Duration
    /// Recipient lookups each API key may make per minute.
    public var lookupsPerMinute: Int {
        get { lookupLimiter.perMinute }
        set { lookupLimiter = RateLimiter(perMinute: newValue) }
    }
    var lookupLimiter: RateLimiter
    /// Each provider's webhook rate and concurrent bodies.
    public var webhookIntake: WebhookIntakeLimits {
        get { webhookGate.limits }
        set { webhookGate = WebhookIntakeGate(limits: newValue) }
    }
    var webhookGate: WebhookIntakeGate

    /// A key as the server keeps it: the digest, never the key.
    struct KeyDigest: Sendable {
        var id: String
        var digest: [UInt8]
        var scopes: Set<APIScope>
    }

    /// With `keys`, each carrying its id and scopes.
    public init(keys: [APIKey], callbackToken: String, maxRequestBytes: Int = 64 * 1024, maxWebhookBytes: Int = 1024 * 1024,
                bodyTimeout: Duration = .seconds(10), lookupsPerMinute: Int = 60,
                webhookIntake: WebhookIntakeLimits = WebhookIntakeLimits()) {
        self.lookupLimiter = RateLimiter(perMinute: lookupsPerMinute)
        self.webhookGate = WebhookIntakeGate(limits: webhookIntake)
        self.bodyTimeout = bodyTimeout
        self.keys = keys.map { KeyDigest(id: $0.id, digest: SHA256.hash(Array($0.key.utf8)), scopes: $0.scopes) }
        self.callbackToken = callbackToken
        self.maxRequestBytes = maxRequestBytes
        self.maxWebhookBytes = maxWebhookBytes
    }

    /// With bare keys: every scope each (`APIKey.unscoped`).
    public init(apiKeys: [String], callbackToken: String, maxRequestBytes: Int = 64 * 1024, maxWebhookBytes: Int = 1024 * 1024,
                bodyTimeout: Duration = .seconds(10), lookupsPerMinute: Int = 60,
                webhookIntake: WebhookIntakeLimits = WebhookIntakeLimits()) {
        self.init(keys: apiKeys.map(APIKey.unscoped), callbackToken: callbackToken, maxRequestBytes: maxRequestBytes,
                  maxWebhookBytes: maxWebhookBytes, bodyTimeout: bodyTimeout, lookupsPerMinute: lookupsPerMinute,
                  webhookIntake: webhookIntake)
    }

    /// The configured key a presented one matches, or `nil`. Every digest is compared, in constant time.
    func key(matching presented: String) -> KeyDigest? {
        let digest = SHA256.hash(Array(presented.utf8))
        var match: KeyDigest?
        for candidate in keys where ConstantTime.equals(candidate.digest, digest) { match = candidate }
        return match
    }

    /// The key a request presents as `Authorization: Bearer <key>`, if it is a configured one.
    func caller(of request: Request) -> KeyDigest? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
        return key(matching: String(header.dropFirst("Bearer ".count)))
    }

    /// A random key or token of 32 bytes, URL-safe.
    public static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
