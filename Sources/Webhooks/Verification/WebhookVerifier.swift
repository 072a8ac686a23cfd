import Foundation

/// Checks that a webhook delivery was signed by its provider with one of the configured secrets.
///
/// Verifiers hold only immutable state and may be shared by concurrent requests. A verifier built with no
/// secrets rejects every delivery with `noSecretConfigured`; it never falls back to a default.
public protocol WebhookVerifier: Sendable {
    /// Verifies `body`, the raw request bytes exactly as received, against `headers`, judging signed
    /// timestamps against `now`. Checks run in this order: a secret is configured, the body is not empty,
    /// the headers parse, the timestamp is within tolerance, a signature matches.
    func verify(
        body: [UInt8], headers: WebhookHeaders, now: Date
    ) throws(WebhookVerificationError) -> VerifiedWebhook
}

extension WebhookVerifier {
    /// Verifies against the system clock.
    public func verify(
        body: [UInt8], headers: WebhookHeaders
    ) throws(WebhookVerificationError) -> VerifiedWebhook {
        try verify(body: body, headers: headers, now: Date())
    }
}

/// Produces the headers a provider would send with a webhook, for simulators and outgoing webhooks.
public protocol WebhookSigner: Sendable {
    /// Headers that the matching verifier accepts for `body`. Schemes without a message id or timestamp
    /// ignore `id` or `timestamp`; timestamps are signed in whole seconds, rounded down.
    func sign(body: [UInt8], id: String, timestamp: Date) -> WebhookHeaders
}
