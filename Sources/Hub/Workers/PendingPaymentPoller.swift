import Foundation
import Logging

/// Asks providers about payments left pending, so a lost callback never leaves money in limbo.
///
/// A payment is first polled once its provider's expected callback time has passed, then with exponential
/// backoff (capped at `maxBackoff`). A provider that cannot answer leaves the payment pending; past
/// `reviewAfter` it is flagged `needs_review`, never failed. Due payments are claimed in the store before
/// they are polled, so two hub processes on one database do not poll the same payment.
public struct PendingPaymentPoller: Sendable {
    public var interval: Duration
    /// How long a payment may stay open before an operator must look at it.
    public var reviewAfter: TimeInterval
    public var maxBackoff: TimeInterval
    public var batchSize: Int
    let hub: HubService

    public init(hub: HubService, interval: Duration = .seconds(2), reviewAfter: TimeInterval = 24 * 3600,
                maxBackoff: TimeInterval = 3600, batchSize: Int = 100) {
        self.hub = hub
        self.interval = interval
        self.reviewAfter = reviewAfter
        self.maxBackoff = maxBackoff
        self.batchSize = batchSize
    }

    /// Polls until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await pollOnce()
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass over the payments that are due. Returns how many were asked about.
    @discardableResult
    public func pollOnce() async -> Int {
        let now = hub.now()
        let due: [(payment: Payment, polls: Int)]
        do { due = try await hub.store.claimDuePayments(now: now, lease: 30, limit: batchSize) } catch {
            hub.logger.error("poller cannot claim open payments", metadata: ["reason": "\(error)"])
            return 0
        }
        for (payment, polls) in due {
            let refreshed = (try? await hub.refresh(payment.id)) ?? payment
            guard !refreshed.state.isFinal else { continue }
            if now.timeIntervalSince(payment.createdAt) > reviewAfter, !payment.needsReview {
                try? await hub.store.setNeedsReview(payment.id, at: now)
                hub.logger.warning("payment needs review", metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)"])
            }
            let base = TimeInterval(hub.registry[payment.provider]?.capabilities.expectedCallbackSeconds ?? 30)
            let backoff = min(maxBackoff, base * TimeInterval(1 << min(polls, 20)))
            try? await hub.store.schedulePoll(payment.id, at: now.addingTimeInterval(backoff), countingPoll: true)
        }
        return due.count
    }
}
