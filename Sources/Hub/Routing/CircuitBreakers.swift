import Foundation

/// One circuit breaker per provider: after `threshold` consecutive failures (not sent, or no answer) the
/// circuit opens and the router skips the provider; after `coolDown` one request is let through as a probe
/// (half-open); a success closes the circuit, a failure opens it again.
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

    /// Whether a request may go to the provider now. In half-open state only one probe is let through.
    public func allows(_ provider: ProviderID, now: Date) -> Bool {
        lock.withLock {
            guard let openedAt = circuits[provider]?.openedAt else { return true }
            guard now.timeIntervalSince(openedAt) >= coolDown, circuits[provider]?.probing == false else { return false }
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
