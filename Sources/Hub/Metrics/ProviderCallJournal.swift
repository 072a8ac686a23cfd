import Foundation
import Synchronization

/// The provider calls this hub process made, kept in memory for the operator console: the most recent calls (each
/// with its payment, operation, duration and how it ended) and, per provider, one bucket a minute for the last hour.
///
/// Nothing here is a record of money: the store is. A restarted hub starts an empty journal, and only this process's
/// calls are in it. It keeps no request or answer body, no reference and no phone number: a call is named by the
/// payment id alone.
public final class ProviderCallJournal: Sendable {
    /// How a call ended, in the words the console shows.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The provider answered with an outcome: succeeded, failed or pending.
        case succeeded, failed, pending
        /// The request did not leave, or was refused before the provider acted.
        case notSent = "not_sent"
        /// The request may have arrived: no answer could be read.
        case ambiguous
        /// A lookup or another answer that is not a payment outcome.
        case answered

        /// A call that did not get a usable answer.
        public var isFailure: Bool { self == .notSent || self == .ambiguous }
    }

    public struct Call: Sendable, Equatable {
        public var provider: ProviderID
        public var operation: HubMetrics.ProviderOperation
        public var paymentID: PaymentID?
        public var outcome: Outcome
        public var durationMillis: Int64
        public var at: Date

        public init(provider: ProviderID, operation: HubMetrics.ProviderOperation, paymentID: PaymentID?, outcome: Outcome,
                    durationMillis: Int64, at: Date) {
            self.provider = provider
            self.operation = operation
            self.paymentID = paymentID
            self.outcome = outcome
            self.durationMillis = durationMillis
            self.at = at
        }
    }

    /// One minute of one provider's calls.
    public struct Minute: Sendable, Equatable {
        /// Minutes since 1970.
        public var minute: Int64
        public var calls: Int
        public var failures: Int
        public var totalMillis: Int64
        public var maxMillis: Int64

        /// The mean duration in milliseconds, or 0 without calls.
        public var meanMillis: Int64 { calls == 0 ? 0 : totalMillis / Int64(calls) }
    }

    private struct State {
        var recent: [Call] = []
        var next = 0
        var minutes: [ProviderID: [Minute]] = [:]
    }

    public let capacity: Int
    public static let minutesKept = 60
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    public func record(_ call: Call) {
        let minute = Int64((call.at.timeIntervalSince1970 / 60).rounded(.down))
        state.withLock { state in
            if state.recent.count < capacity {
                state.recent.append(call)
            } else {
                state.recent[state.next] = call
            }
            state.next = (state.next + 1) % capacity
            var buckets = state.minutes[call.provider, default: []]
            if buckets.last?.minute != minute {
                buckets.append(Minute(minute: minute, calls: 0, failures: 0, totalMillis: 0, maxMillis: 0))
            }
            buckets[buckets.count - 1].calls += 1
            buckets[buckets.count - 1].failures += call.outcome.isFailure ? 1 : 0
            buckets[buckets.count - 1].totalMillis += call.durationMillis
            buckets[buckets.count - 1].maxMillis = max(buckets[buckets.count - 1].maxMillis, call.durationMillis)
            buckets.removeAll { $0.minute <= minute - Int64(Self.minutesKept) }
            state.minutes[call.provider] = buckets
        }
    }

    /// The calls kept for a payment, oldest first.
    public func calls(of paymentID: PaymentID) -> [Call] {
        state.withLock { state in
            let ordered = state.recent.count < capacity ? state.recent : Array(state.recent[state.next...] + state.recent[..<state.next])
            return ordered.filter { $0.paymentID == paymentID }
        }
    }

    /// The provider's minutes of the hour before `now`, oldest first, one per minute (empty minutes included).
    public func minutes(of provider: ProviderID, now: Date) -> [Minute] {
        let current = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        let kept = state.withLock { $0.minutes[provider] ?? [] }
        let byMinute = Dictionary(kept.map { ($0.minute, $0) }, uniquingKeysWith: { first, _ in first })
        return ((current - Int64(Self.minutesKept) + 1)...current).map {
            byMinute[$0] ?? Minute(minute: $0, calls: 0, failures: 0, totalMillis: 0, maxMillis: 0)
        }
    }
}
