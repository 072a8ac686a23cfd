import Foundation
import Hub
import Webhooks

/// The Hummingbird application: wallet API, webhook intake, health.
public enum HubServer {}

/// What the HTTP side of the hub needs besides the `HubService`.
public struct HubServerConfiguration: Sendable {
    /// SHA-256 digests of the API keys the wallet backend may present. The keys themselves are not kept.
    public var apiKeyDigests: [[UInt8]]
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

    public init(apiKeys: [String], callbackToken: String, maxRequestBytes: Int = 64 * 1024, maxWebhookBytes: Int = 1024 * 1024,
                bodyTimeout: Duration = .seconds(10), lookupsPerMinute: Int = 60) {
        self.lookupLimiter = RateLimiter(perMinute: lookupsPerMinute)
        self.bodyTimeout = bodyTimeout
        self.apiKeyDigests = apiKeys.map { SHA256.hash(Array($0.utf8)) }
        self.callbackToken = callbackToken
        self.maxRequestBytes = maxRequestBytes
        self.maxWebhookBytes = maxWebhookBytes
    }

    /// Whether a presented key matches one of the configured ones. Every digest is compared, in constant time.
    func authorizes(_ key: String) -> Bool {
        let digest = SHA256.hash(Array(key.utf8))
        var match = false
        for candidate in apiKeyDigests where ConstantTime.equals(candidate, digest) { match = true }
        return match
    }

    /// What logs and records name a key by, never the key: `key-` and the first 8 hex digits of its SHA-256.
    public static func keyID(_ key: String) -> String {
        "key-" + SHA256.hash(Array(key.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    /// A random key or token of 32 bytes, URL-safe.
    public static func randomToken(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
