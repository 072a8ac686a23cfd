import Foundation

/// One administrative action, as the audit trail keeps it. The trail is append-only, like the ledger: no store
/// method updates or deletes a record, and the SQLite table refuses `UPDATE` and `DELETE` outright.
public struct AuditRecord: Sendable, Equatable {
    /// Zero until stored; increasing with every record.
    public var id: Int64
    /// Who: an API key's id (never the key) or `cli:<user>`.
    public var actor: String
    /// What, one of a fixed vocabulary: `payment.resolve`, `refund.resolve`, `event.redeliver`.
    public var action: String
    /// What it was done to: a payment id, an event id.
    public var target: String
    /// Why, where the action requires it (resolving a payment or a refund).
    public var reason: String?
    /// A one-line summary of the target before and after the action (`pending, needs review` → `failed`).
    public var before: String?
    public var after: String?
    public var createdAt: Date

    public init(id: Int64 = 0, actor: String, action: String, target: String, reason: String? = nil, before: String? = nil,
                after: String? = nil, createdAt: Date) {
        self.id = id
        self.actor = actor
        self.action = action
        self.target = target
        self.reason = reason
        self.before = before
        self.after = after
        self.createdAt = createdAt
    }
}
