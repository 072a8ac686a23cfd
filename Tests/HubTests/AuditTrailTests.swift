import Foundation
import Testing
@testable import Hub

/// The audit trail as `HubService` writes it for the CLI and the API: a redelivery is recorded only when an event
/// was queued again, a resolution with its reason and states, and the actor is whatever the caller names (a key id,
/// `cli:<user>`), never a key.
@Suite struct AuditTrailTests {
    func hub(answer: @escaping @Sendable (String) throws(ProviderError) -> ProviderResult) async throws -> (HubService, SQLiteStore) {
        let store = try TestDatabase().open()
        try await store.fund("w", 1000)
        return (HubService.testing([ScriptedProvider(id: "a", answer: answer)], store: store), store)
    }

    @Test func aRedeliveryIsRecordedOnlyWhenAnEventWasQueuedAgain() async throws {
        let (hub, store) = try await hub { _ throws(ProviderError) in .succeeded(providerTransactionID: "t1") }
        #expect(try await hub.redeliver(eventID: "evt_nothing", actor: "cli:ana") == false)
        #expect(try await store.auditRecords(limit: 10, before: nil).isEmpty)
        let event = try #require(try await store.outbox(.all, limit: 1).first)
        #expect(try await hub.redeliver(eventID: event.eventID, actor: "cli:ana"))
        let record = try #require(try await store.auditRecords(limit: 10, before: nil).first)
        #expect(record.actor == "cli:ana" && record.action == "event.redeliver" && record.target == event.eventID)
        #expect(record.reason == nil && record.after == "queued, delivery attempts reset")
    }

    @Test func aRefusedResolutionLeavesNoRecordAndAnAcceptedOneLeavesOne() async throws {
        let (hub, store) = try await hub { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let request = try PaymentRequest(kind: .withdrawal, walletID: WalletID("w"), amount: Money.positive(minorUnits: 300, currency: .RWF),
                                         counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: UUID().uuidString)
        let payment = try await hub.submit(request).payment
        await #expect(throws: HubError.self) { try await hub.resolve(payment.id, as: .failed, reason: "too early", operator: "ops-1") }
        await #expect(throws: HubError.self) { try await hub.resolve(payment.id, as: .failed, reason: " ", operator: "ops-1") }
        #expect(try await store.auditRecords(limit: 10, before: nil).isEmpty)

        try await store.flagForReview(payment.id, source: "test", detail: "checked by hand", at: Fixture.clock)
        _ = try await hub.resolve(payment.id, as: .failed, reason: "statement shows no transfer", operator: "ops-1")
        let records = try await store.auditRecords(limit: 10, before: nil)
        #expect(records.map(\.action) == ["payment.resolve"])
        #expect(records.first?.actor == "ops-1" && records.first?.before == "pending, needs review" && records.first?.after == "failed")
        #expect(try await hub.auditRecords(limit: 10).map(\.id) == records.map(\.id))
        await #expect(throws: HubError.self) { try await hub.auditRecords(limit: 0) }
    }
}
