/// How much of the hub one provider's webhook URL may take, so that a flood on it (a provider's retry storm, or
/// someone who learnt the URL) is refused early and cheaply instead of starving the wallet API or other providers.
///
/// Each provider has its own token bucket and its own count of bodies being read; a request over either limit is
/// refused before its body is read (429 with `Retry-After`, or 503) and counted in `hub_webhooks_rejected_total`.
/// Requests whose path token is wrong are refused before either limit is consulted, so they cannot use up a
/// provider's allowance.
public struct WebhookIntakeLimits: Sendable, Equatable {
    /// Notifications one provider's URL takes per minute, refilled continuously; also the largest burst.
    public var perProviderPerMinute: Int
    /// Notification bodies of one provider read at the same time. The default leaves room for a provider that
    /// delivers on dozens of connections at once (each body is at most `maxWebhookBytes`), while bounding what slow
    /// senders on one URL can hold.
    public var concurrentBodiesPerProvider: Int

    public static let defaultPerProviderPerMinute = 600
    public static let defaultConcurrentBodiesPerProvider = 64

    public init(perProviderPerMinute: Int = defaultPerProviderPerMinute,
                concurrentBodiesPerProvider: Int = defaultConcurrentBodiesPerProvider) {
        self.perProviderPerMinute = perProviderPerMinute
        self.concurrentBodiesPerProvider = concurrentBodiesPerProvider
    }
}
