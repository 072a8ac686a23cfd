import Foundation

/// Operators' actions that are not payment resolutions, and the audit trail they (and resolutions) leave.
///
/// A resolution's audit record is written by the store in the resolution's own transaction. A redelivery's is
/// appended right after the outbox row is queued again, and only when it was: a failure between the two leaves an
/// event queued without its record, never a record of something that did not happen.
extension HubService {
    /// Queues an event again (a dead one, usually) with a fresh retry schedule, and records who did it. `actor` is an
    /// API key's id or `cli:<user>`. False, and nothing recorded, when no event has that id.
    public func redeliver(eventID: String, actor: String) async throws(HubError) -> Bool {
        do {
            guard try await store.redeliver(eventID: eventID, at: now()) else { return false }
            _ = try await store.appendAudit(AuditRecord(actor: actor, action: "event.redeliver", target: eventID,
                                                        after: "queued, delivery attempts reset", createdAt: now()))
            logger.notice("event queued again by an operator", metadata: ["event_id": "\(eventID)", "actor": "\(actor)"])
            return true
        } catch { throw HubError(error) }
    }

    /// The audit trail, newest first: `limit` records (1 to 1000), below the id `before` when given.
    public func auditRecords(limit: Int, before: Int64? = nil) async throws(HubError) -> [AuditRecord] {
        guard (1...1000).contains(limit) else { throw HubError(.invalidRequest, "must be 1 to 1000", field: "limit") }
        do { return try await store.auditRecords(limit: limit, before: before) } catch { throw HubError(error) }
    }
}
