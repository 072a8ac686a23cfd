import Foundation
import Testing
@testable import Hub

/// An unsigned notification that carries the provider's transaction id the hub alone was given (Daraja's B2C result
/// names the ConversationID its acknowledgement returned) is believed when that id matches the one stored for the
/// attempt it names, and goes through the inbox exactly once; anything less stays a hint, confirmed by a status query.
@Suite struct CorroboratedNotificationTests {
    func pendingPayout(_ store: SQLiteStore, providerTransactionID: String?) async throws -> Payment {
        try await store.fund("w", 10_000)
        let payout = try await store.create(try Fixture.draft(.withdrawal, wallet: "w", amount: 500, provider: "b2c"))
        return try await store.apply(.providerResult(.pending(providerTransactionID: providerTransactionID)), to: payout.id,
                                     source: "test", at: Fixture.clock).payment
    }

    func result(_ payment: Payment, correlation: String?, dedupe: String = "result-1") -> ProviderNotification {
        ProviderNotification(dedupeKey: dedupe, reference: payment.providerReference,
                             event: .outcome(.succeeded(providerTransactionID: "NLJ41HAY6Q")), correlation: correlation)
    }

    @Test func aMatchingCorrelationIsAppliedOnceWithoutAStatusQuery() async throws {
        let store = try TestDatabase().open()
        let payment = try await pendingPayout(store, providerTransactionID: "AG_20191219_0000")
        let provider = ScriptedProvider(id: "b2c") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        let outcome = try await hub.receive(result(payment, correlation: "AG_20191219_0000"), from: "b2c", signed: false, body: Data("{}".utf8))
        guard case .applied(let applied) = outcome else { Issue.record("expected applied, got \(outcome)"); return }
        #expect(applied.state == .succeeded)
        #expect(provider.calls.all.isEmpty, "a corroborated result needs no status query")
        #expect(try await store.notifications(of: payment.id).count == 1)
        let again = try await hub.receive(result(payment, correlation: "AG_20191219_0000"), from: "b2c", signed: false, body: Data("{}".utf8))
        #expect(again.isDuplicate)
        #expect(try await store.verifyLedger().isValid)
    }

    @Test(arguments: [("AG_other", "AG_20191219_0000"), ("AG_20191219_0000", nil), (nil, "AG_20191219_0000")] as [(String?, String?)])
    func anythingLessIsAHintConfirmedByAStatusQuery(claimed: String?, stored: String?) async throws {
        let store = try TestDatabase().open()
        let payment = try await pendingPayout(store, providerTransactionID: stored)
        let provider = ScriptedProvider(id: "b2c") { _ throws(ProviderError) in .pending(providerTransactionID: stored) }
        let hub = HubService.testing([provider], store: store)
        let outcome = try await hub.receive(result(payment, correlation: claimed), from: "b2c", signed: false, body: Data("{}".utf8))
        guard case .confirmed(let confirmed) = outcome else { Issue.record("expected a hint, got \(outcome)"); return }
        #expect(confirmed.state == .pending, "the provider still says pending: the claim moved nothing")
        #expect(provider.calls.all == ["status \(payment.providerReference)"])
        #expect(try await store.notifications(of: payment.id).isEmpty)
    }

    @Test func aNotificationNamingTheAttemptByTheProvidersIDIsCorroboratedToo() async throws {
        let store = try TestDatabase().open()
        let payment = try await pendingPayout(store, providerTransactionID: "AG_1")
        let provider = ScriptedProvider(id: "b2c") { _ throws(ProviderError) in .pending(providerTransactionID: "AG_1") }
        let hub = HubService.testing([provider], store: store)
        // The notification names the attempt by the provider's id (the only id it carries), not by our reference.
        let byProviderID = ProviderNotification(dedupeKey: "r", reference: "AG_1", event: .outcome(.succeeded(providerTransactionID: nil)),
                                                correlation: "AG_1")
        let outcome = try await hub.receive(byProviderID, from: "b2c", signed: false, body: Data())
        guard case .applied(let applied) = outcome else { Issue.record("expected applied, got \(outcome)"); return }
        #expect(applied.id == payment.id && applied.state == .succeeded)
    }
}

/// A status query is told where the provider should post an asynchronous answer (Daraja's Transaction Status).
@Suite struct AsynchronousStatusTests {
    final class LookupLog: @unchecked Sendable {  // `urls` guarded by `lock`
        private let lock = NSLock()
        private var urls: [String?] = []
        func record(_ url: String?) { lock.withLock { urls.append(url) } }
        var all: [String?] { lock.withLock { urls } }
    }

    struct AsynchronousStatusProvider: PaymentProvider {
        let id: ProviderID = "async"
        let log: LookupLog
        var capabilities: ProviderCapabilities {
            ProviderCapabilities(operations: [.collect], methods: [.mobileMoney], countries: ["RW"], currencies: [.RWF])
        }
        func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
            .pending(providerTransactionID: nil)
        }
        func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
            log.record(attempt.callbackURL)
            return .pending(providerTransactionID: nil)
        }
        var notifications: (any NotificationHandler)? { nil }
    }

    @Test func theLookupCarriesTheProvidersCallbackURL() async throws {
        let store = try TestDatabase().open()
        let log = LookupLog()
        let hub = HubService(store: store, registry: ProviderRegistry([AsynchronousStatusProvider(log: log)]), transport: UnusedTransport(),
                             logger: .init(label: "test"), callbackURL: { "https://hub.example/webhooks/\($0)/token" }, now: { Fixture.clock })
        let payment = try await store.create(try Fixture.draft(.topUp, wallet: "w", amount: 100, provider: "async"))
        _ = try await store.apply(.providerResult(.pending(providerTransactionID: "x")), to: payment.id, source: "test", at: Fixture.clock)
        _ = try await hub.refresh(payment.id)
        #expect(log.all == ["https://hub.example/webhooks/async/token"])
    }
}
