import Foundation

/// One circuit breaker per provider: after `threshold` consecutive failures (not sent, or no answer) the
/// circuit opens and the router skips the provider; after `coolDown` one request is let through as a probe
/// (half-open); a success closes the circuit, a failure opens it again.
///
/// The router only asks `allows`, which takes nothing. The probe is taken by `acquire` right before a call is
/// really made, and every call ends in `recordSuccess` or `recordFailure`, which give it back: a payment that is
/// routed but never sent (a replay, a store refusal, another candidate answering first) cannot keep it.
public final class CircuitBreakers: @unchecked Sendable {  // `circuits` guarded by `lock`
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    public struct Snapshot: Sendable, Equatable {
        public var state: State
        public var consecutiveFailures: Int
        public var openedAt: Date?
    }

    struct Circuit {
        var failures = 0
        var openedAt: Date?
        var probing = false
    }

    public let threshold: Int
    public let coolDown: TimeInterval
    private let lock = NSLock()
    private var circuits: [ProviderID: Circuit] = [:]

    public init(threshold: Int = 5, coolDown: TimeInterval = 30) {
        self.threshold = threshold
        self.coolDown = coolDown
    }

    /// Whether the router may consider the provider now: closed, or half-open with no probe in flight.
    /// Takes nothing.
    public func allows(_ provider: ProviderID, now: Date) -> Bool {
        lock.withLock {
            guard let circuit = circuits[provider], let openedAt = circuit.openedAt else { return true }
            return now.timeIntervalSince(openedAt) >= coolDown && !circuit.probing
        }
    }

    /// Called right before a request is sent to the provider. True if it may go: the circuit is closed, or it
    /// is half-open and this request becomes the one probe. The caller must then end the call with
    /// `recordSuccess` or `recordFailure`.
    public func acquire(_ provider: ProviderID, now: Date) -> Bool {
        lock.withLock {
            guard let circuit = circuits[provider], let openedAt = circuit.openedAt else { return true }
            guard now.timeIntervalSince(openedAt) >= coolDown, !circuit.probing else { return false }
            circuits[provider]?.probing = true
            return true
        }
    }

    public func recordSuccess(_ provider: ProviderID) {
        lock.withLock { circuits[provider] = Circuit() }
    }

    public func recordFailure(_ provider: ProviderID, now: Date) {
        lock.withLock {
            var circuit = circuits[provider] ?? Circuit()
            circuit.failures += 1
            if circuit.probing || circuit.failures >= threshold {
                circuit.openedAt = now
                circuit.probing = false
            }
            circuits[provider] = circuit
        }
    }

    public func snapshot(_ provider: ProviderID, now: Date) -> Snapshot {
        lock.withLock {
            let circuit = circuits[provider] ?? Circuit()
            let state: State = switch circuit.openedAt {
            case nil: .closed
            case let openedAt?: now.timeIntervalSince(openedAt) >= coolDown ? .halfOpen : .open
            }
            return Snapshot(state: state, consecutiveFailures: circuit.failures, openedAt: circuit.openedAt)
        }
    }
}
