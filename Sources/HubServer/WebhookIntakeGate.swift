import Foundation
import Hub
import Synchronization

/// Applies `WebhookIntakeLimits` per provider: a token bucket for the rate, and a count of the bodies being read.
///
/// Only configured providers get a bucket and a count (the intake refuses an unknown provider before asking), so
/// their number is bounded by the configuration.
final class WebhookIntakeGate: Sendable {
    enum Refusal: Equatable {
        /// Over the rate: try again in this many whole seconds.
        case rateLimited(retryAfter: Int)
        /// As many bodies in flight as allowed.
        case busy

        /// The `reason` label of `hub_webhooks_rejected_total`.
        var reason: HubMetrics.WebhookRejection {
            switch self {
            case .rateLimited: .rateLimited
            case .busy: .tooManyBodies
            }
        }
    }

    let limits: WebhookIntakeLimits
    private let rate: RateLimiter
    private let inFlight = Mutex<[String: Int]>([:])

    init(limits: WebhookIntakeLimits) {
        self.limits = limits
        rate = RateLimiter(perMinute: limits.perProviderPerMinute)
    }

    /// Takes a slot for one body of `provider` (a token and a place among its bodies in flight) and runs `body`,
    /// giving the place back when it ends, whether it throws or not. A refusal takes nothing and runs nothing.
    func admit<T>(_ provider: ProviderID, now: Date, _ body: () async throws -> T) async throws -> T {
        if let refusal = enter(provider.rawValue, now: now) { throw refusal }
        defer { leave(provider.rawValue) }
        return try await body()
    }

    private func enter(_ provider: String, now: Date) -> Refusal? {
        let admitted = inFlight.withLock { counts in
            guard counts[provider, default: 0] < limits.concurrentBodiesPerProvider else { return false }
            counts[provider, default: 0] += 1
            return true
        }
        guard admitted else { return .busy }
        if let wait = rate.take(provider, now: now) {
            leave(provider)
            return .rateLimited(retryAfter: wait)
        }
        return nil
    }

    private func leave(_ provider: String) {
        inFlight.withLock { counts in
            counts[provider, default: 1] -= 1
            if counts[provider] == 0 { counts[provider] = nil }
        }
    }

    /// Bodies of `provider` being read now.
    func inFlight(_ provider: ProviderID) -> Int { inFlight.withLock { $0[provider.rawValue, default: 0] } }
}

extension WebhookIntakeGate.Refusal: Error {}
