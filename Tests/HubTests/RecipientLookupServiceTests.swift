import Foundation
import Logging
import Testing
@testable import Hub

/// Recipient lookups in the engine: routed like a payout, unsupported named, failover only when not sent, an unknown
/// answer never guessed, answers reused only for the configured time.
@Suite struct RecipientLookupServiceTests {
    /// A paying provider that looks recipients up with a scripted answer, counting its lookups.
    struct LookingProvider: RecipientLookupProvider, PayingProvider {
        let id: ProviderID
        let answer: @Sendable () throws(ProviderError) -> RecipientCheck
        let calls = CallLog()
        var capabilities: ProviderCapabilities {
            ProviderCapabilities(operations: [.collect, .payout, .lookup], methods: [.mobileMoney], countries: ["RW"], currencies: [.RWF])
        }
        func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        var notifications: (any NotificationHandler)? { nil }
        func lookUp(_ query: RecipientQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck {
            calls.record("lookup \(query.currency)")
            return try answer()
        }
    }

    let recipient = Counterparty.mobileMoney(Fixture.msisdn)

    func hub(_ providers: [any PaymentProvider], clock: TestClock = TestClock(), cacheSeconds: Int = 60,
             breakers: CircuitBreakers = CircuitBreakers()) throws -> HubService {
        HubService(store: try TestDatabase().open(), registry: ProviderRegistry(providers), transport: UnusedTransport(),
                   logger: Logger(label: "test"), breakers: breakers, lookups: RecipientLookupSettings(cacheSeconds: cacheSeconds), now: { clock.now })
    }

    @Test func theCountrysCurrencyIsTheDefaultAndAnswersAreReusedOnlyForTheirLifetime() async throws {
        let clock = TestClock()
        let provider = LookingProvider(id: "a") { RecipientCheck(active: true, name: "JEAN UWASE") }
        let hub = try hub([provider], clock: clock, cacheSeconds: 30)
        let first = try await hub.lookUpRecipient(recipient, currency: nil)
        #expect(first.provider == "a" && first.outcome == .checked(RecipientCheck(active: true, name: "JEAN UWASE")))
        #expect(RecipientCheck(active: true, name: "JEAN UWASE").maskedName == "J*** U****")
        clock.advance(29)
        let kept = try await hub.lookUpRecipient(recipient, currency: .RWF)
        #expect(kept.checkedAt == first.checkedAt)
        #expect(provider.calls.all == ["lookup RWF"])
        clock.advance(2)
        _ = try await hub.lookUpRecipient(recipient, currency: .RWF)
        #expect(provider.calls.all == ["lookup RWF", "lookup RWF"])
    }

    @Test func noCacheAsksEveryTime() async throws {
        let provider = LookingProvider(id: "a") { RecipientCheck(active: false) }
        let hub = try hub([provider], cacheSeconds: 0)
        _ = try await hub.lookUpRecipient(recipient, currency: .RWF)
        _ = try await hub.lookUpRecipient(recipient, currency: .RWF)
        #expect(provider.calls.all.count == 2)
    }

    @Test func aProviderThatCannotLookUpIsNamed() async throws {
        let plain = ScriptedProvider(id: "plain") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let looking = LookingProvider(id: "b") { RecipientCheck(active: true) }
        let answer = try await hub([plain, looking]).lookUpRecipient(recipient, currency: .RWF)
        #expect(answer.provider == "plain" && answer.outcome == .unsupported)
        #expect(looking.calls.all.isEmpty, "the payout would go to the first: so does the answer")
    }

    @Test func notSentFailsOverAndAnUnknownAnswerIsUnavailable() async throws {
        let down = LookingProvider(id: "down") { () throws(ProviderError) in throw ProviderError(.notSent, provider: "down", reason: "refused") }
        let up = LookingProvider(id: "up") { RecipientCheck(active: true) }
        let breakers = CircuitBreakers(threshold: 5, coolDown: 60)
        let answer = try await hub([down, up], breakers: breakers).lookUpRecipient(recipient, currency: .RWF)
        #expect(answer.provider == "up" && answer.isActive)
        let lost = LookingProvider(id: "lost") { () throws(ProviderError) in throw ProviderError(.ambiguous, provider: "lost", reason: "timeout") }
        await #expect(throws: HubError.self) { _ = try await hub([lost, up]).lookUpRecipient(recipient, currency: .RWF) }
        do {
            _ = try await hub([lost, up]).lookUpRecipient(recipient, currency: .RWF)
        } catch let error as HubError {
            #expect(error.kind == .unavailable)
        }
        #expect(up.calls.all.count == 1, "an unknown answer is not asked elsewhere as if it were a no")
    }

    @Test func aCurrencyIsNeededWhereTheNumberDoesNotTellOne() async throws {
        let provider = LookingProvider(id: "a") { RecipientCheck(active: true) }
        do {
            _ = try await hub([provider]).lookUpRecipient(.mobileMoney(try MSISDN("+99912345678")), currency: nil)
            Issue.record("expected a refusal")
        } catch let error as HubError {
            #expect(error.kind == .invalidRequest && error.field == "currency")
        }
    }
}
