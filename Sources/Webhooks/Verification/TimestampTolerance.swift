import Foundation

/// How far a signed timestamp may lie from the verifier's clock, in seconds, in each direction. A
/// timestamp exactly at either limit is accepted.
public struct TimestampTolerance: Hashable, Sendable {
    /// Largest accepted age: older deliveries are treated as replays.
    public let past: TimeInterval
    /// Largest accepted lead over the verifier's clock, allowing for the sender's clock running fast.
    public let future: TimeInterval

    public init(past: TimeInterval, future: TimeInterval) {
        self.past = past
        self.future = future
    }

    /// Five minutes either way, the Stripe and Standard Webhooks default.
    public static let fiveMinutes = TimestampTolerance(past: 300, future: 300)

    func check(_ timestamp: Date, now: Date) throws(WebhookVerificationError) {
        let age = now.timeIntervalSince(timestamp)
        if age > past { throw .timestampTooOld }
        if -age > future { throw .timestampTooNew }
    }
}
