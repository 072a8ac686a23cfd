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

    /// One pass over the payments and refunds that are due. Returns how many were asked about.
    @discardableResult
    public func pollOnce() async -> Int {
        await pollPayments() + (await pollRefunds())
    }

    func pollPayments() async -> Int {
        let now = hub.now()
        let due: [(payment: Payment, polls: Int)]
        do { due = try await hub.store.claimDuePayments(now: now, lease: 30, limit: batchSize) } catch {
            hub.logger.error("poller cannot claim open payments", metadata: ["reason": "\(error)"])
            return 0
        }
        for (payment, polls) in due {
            let refreshed = (try? await hub.refresh(payment.id)) ?? payment
            guard !refreshed.state.isFinal else { continue }
            if now.timeIntervalSince(payment.createdAt) > reviewAfter, !refreshed.needsReview {
                _ = try? await hub.flagForReview(refreshed, source: "hub:poller",
                                                 detail: "still \(refreshed.state.rawValue) after \(Int(reviewAfter / 3600)) h")
            }
            try? await hub.store.schedulePoll(payment.id, at: now.addingTimeInterval(backoff(payment, polls: polls)), countingPoll: true)
        }
        return due.count
    }

    /// Refunds in flight: resumed after a crash, asked about while pending, flagged past `reviewAfter`.
    func pollRefunds() async -> Int {
        let now = hub.now()
        let due: [DueRefund]
        do { due = try await hub.store.claimDueRefunds(now: now, lease: hub.sendLease, limit: batchSize) } catch {
            hub.logger.error("poller cannot claim open refunds", metadata: ["reason": "\(error)"])
            return 0
        }
        for refund in due {
            let followed = (try? await hub.follow(refund)) ?? refund.payment
            guard followed.refundState == "requested" || followed.refundState == "pending" else { continue }
            if now.timeIntervalSince(refund.requestedAt) > reviewAfter, !followed.needsReview {
                _ = try? await hub.flagForReview(followed, source: "hub:poller",
                                                 detail: "refund still \(followed.refundState ?? "-") after \(Int(reviewAfter / 3600)) h")
            }
            try? await hub.store.scheduleRefundPoll(refund.payment.id, at: now.addingTimeInterval(backoff(refund.payment, polls: refund.polls)),
                                                    countingPoll: true)
        }
        return due.count
    }

    func backoff(_ payment: Payment, polls: Int) -> TimeInterval {
        let base = TimeInterval(hub.registry[payment.provider]?.capabilities.expectedCallbackSeconds ?? 30)
        return min(maxBackoff, base * TimeInterval(1 << min(polls, 20)))
    }
}
