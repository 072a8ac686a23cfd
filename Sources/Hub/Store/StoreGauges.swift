import Foundation

/// Levels read from the store for the metrics sampler: the outbox's backlog and open payments by age.
public struct StoreGauges: Sendable, Equatable {
    /// Age bands of open (`created` or `pending`) payments, by time since creation: under 1 minute, 1 to 5
    /// minutes, 5 to 60 minutes, over an hour. Declared in that order, which `allCases` keeps.
    public enum PendingAge: String, Sendable, CaseIterable {
        case underOneMinute = "under_1m"
        case oneToFiveMinutes = "1m_to_5m"
        case fiveToSixtyMinutes = "5m_to_1h"
        case overOneHour = "over_1h"
    }

    /// Events neither delivered nor dead.
    public var outboxBacklog: Int
    /// When the oldest of those events was written; `nil` when the backlog is empty.
    public var oldestUndeliveredAt: Date?
    /// Open payments per age band; every band is present, zero when empty.
    public var pendingPayments: [PendingAge: Int]

    public init(outboxBacklog: Int, oldestUndeliveredAt: Date?, pendingPayments: [PendingAge: Int]) {
        self.outboxBacklog = outboxBacklog
        self.oldestUndeliveredAt = oldestUndeliveredAt
        self.pendingPayments = pendingPayments
    }
}
