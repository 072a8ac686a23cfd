import Foundation
import Logging
import Testing
@testable import Hub

/// Bank-account lookups in the engine: the account's shape checked, the provider chosen by capability and currency
/// (or named), failover only when not sent, an unknown answer never guessed, answers reused per account.
@Suite struct BankAccountLookupServiceTests {
    /// A paying provider that resolves bank accounts in `currencies` with a scripted answer, counting its lookups; it
    /// looks up no mobile numbers.
    struct ResolvingProvider: BankAccountLookupProvider, PayingProvider {
        let id: ProviderID
        var currencies: Set<Currency> = [.NGN]
        let answer: @Sendable () throws(ProviderError) -> RecipientCheck
        let calls = CallLog()
        var capabilities: ProviderCapabilities {
            ProviderCapabilities(operations: [.collect, .payout, .lookup], methods: [.mobileMoney], countries: ["RW"], currencies: [.RWF])
        }
        var bankAccountLookupCurrencies: Set<Currency> { currencies }
        func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        func payout(_ request: PayoutRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult { .pending(providerTransactionID: nil) }
        var notifications: (any NotificationHandler)? { nil }
        func lookUp(_ query: BankAccountQuery, context: ProviderContext) async throws(ProviderError) -> RecipientCheck {
            calls.record("resolve \(query.account.bankCode) \(query.account.number) \(query.currency)")
            return try answer()
        }
    }

    let account = try! LocalBankAccount(number: "0690000032", bankCode: "044")

    func hub(_ providers: [any PaymentProvider], clock: TestClock = TestClock(), cacheSeconds: Int = 60,
             breakers: CircuitBreakers = CircuitBreakers()) throws -> HubService {
        HubService(store: try TestDatabase().open(), registry: ProviderRegistry(providers), transport: UnusedTransport(),
                   logger: Logger(label: "test"), breakers: breakers, lookups: RecipientLookupSettings(cacheSeconds: cacheSeconds), now: { clock.now })
    }

    func refusal(_ lookup: () async throws -> RecipientLookup) async -> HubError? {
        do {
            _ = try await lookup()
            return nil
        } catch {
            return error as? HubError
        }
    }

    @Test(arguments: [("0690000032", "044"), ("123456", "MPS"), ("12345678901234567890", "ABCDEF123456"), ("000000", "a1")])
    func aWellShapedAccountIsKeptAsGiven(number: String, bank: String) throws {
        let account = try LocalBankAccount(number: number, bankCode: bank)
        #expect(account.number == number && account.bankCode == bank)
        #expect(account.redactedNumber == "••••" + number.suffix(4))
        #expect(!account.description.contains(number))
    }

    @Test(arguments: [
        ("12345", "044", "account_number"), ("123456789012345678901", "044", "account_number"), ("06900000a2", "044", "account_number"),
        ("0690 000032", "044", "account_number"), ("٠٦٩٠٠٠٠٠٣٢", "044", "account_number"), ("", "044", "account_number"),
        ("0690000032", "", "bank_code"), ("0690000032", "04-4", "bank_code"), ("0690000032", "1234567890123", "bank_code"),
        ("0690000032", "0 44", "bank_code"), ("0690000032", "bänk", "bank_code"),
    ])
    func aMisshapenAccountNamesItsFieldWithoutRepeatingIt(number: String, bank: String, field: String) {
        #expect(throws: ValidationError.self) { try LocalBankAccount(number: number, bankCode: bank) }
        do {
            _ = try LocalBankAccount(number: number, bankCode: bank)
        } catch {
            #expect(error.field == field)
            #expect(number.isEmpty || !error.message.contains(number))
        }
    }

    @Test func theFirstProviderResolvingTheCurrencyIsAskedAndItsAnswerReusedForThatAccountOnly() async throws {
        let clock = TestClock()
        let plain = ScriptedProvider(id: "plain") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let ghana = ResolvingProvider(id: "ghana", currencies: [.GHS]) { RecipientCheck(active: true, name: "KWAME MENSAH") }
        let nigeria = ResolvingProvider(id: "nigeria") { RecipientCheck(active: true, name: "PASTOR BRIGHT") }
        let later = ResolvingProvider(id: "later") { RecipientCheck(active: false) }
        let hub = try hub([plain, ghana, nigeria, later], clock: clock, cacheSeconds: 30)
        let first = try await hub.lookUpBankAccount(account, currency: .NGN)
        #expect(first.provider == "nigeria" && first.outcome == .checked(RecipientCheck(active: true, name: "PASTOR BRIGHT")))
        clock.advance(29)
        #expect(try await hub.lookUpBankAccount(account, currency: .NGN).checkedAt == first.checkedAt)
        let other = try LocalBankAccount(number: "0690000034", bankCode: "044")
        _ = try await hub.lookUpBankAccount(other, currency: .NGN)
        #expect(nigeria.calls.all == ["resolve 044 0690000032 NGN", "resolve 044 0690000034 NGN"])
        clock.advance(2)
        _ = try await hub.lookUpBankAccount(account, currency: .NGN)
        #expect(nigeria.calls.all.count == 3, "asked again once the answer is 30 s old")
        #expect(try await hub.lookUpBankAccount(account, currency: .GHS).provider == "ghana")
        #expect(later.calls.all.isEmpty)
    }

    @Test func aNamedProviderIsAskedAloneAndOneThatCannotResolveIsUnsupported() async throws {
        let plain = ScriptedProvider(id: "plain") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let first = ResolvingProvider(id: "first") { RecipientCheck(active: true) }
        let second = ResolvingProvider(id: "second") { RecipientCheck(active: false) }
        let hub = try hub([plain, first, second])
        let named = try await hub.lookUpBankAccount(account, currency: .NGN, provider: "second")
        #expect(named.provider == "second" && named.outcome == .checked(RecipientCheck(active: false)))
        let unsupported = try await hub.lookUpBankAccount(account, currency: .NGN, provider: "plain")
        #expect(unsupported.provider == "plain" && unsupported.outcome == .unsupported)
        let otherCurrency = try await hub.lookUpBankAccount(account, currency: .KES, provider: "first")
        #expect(otherCurrency.provider == "first" && otherCurrency.outcome == .unsupported)
        #expect(first.calls.all.isEmpty, "a provider is never asked about a currency it does not resolve")
        let unknown = await refusal { try await hub.lookUpBankAccount(account, currency: .NGN, provider: "nobody") }
        #expect(unknown?.kind == .noRoute && unknown?.message.contains("nobody: not configured") == true)
    }

    @Test func noProviderResolvingTheCurrencyIsNoRoute() async throws {
        let plain = ScriptedProvider(id: "plain") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let nigeria = ResolvingProvider(id: "nigeria") { RecipientCheck(active: true) }
        let refused = await refusal { try await hub([plain, nigeria]).lookUpBankAccount(account, currency: .KES) }
        #expect(refused?.kind == .noRoute)
        #expect(refused?.message.contains("KES") == true)
        #expect(nigeria.calls.all.isEmpty)
    }

    @Test func notSentFailsOverAndALostAnswerIsUnavailableWithoutAskingTheNext() async throws {
        let down = ResolvingProvider(id: "down") { () throws(ProviderError) in throw ProviderError(.notSent, provider: "down", reason: "refused") }
        let up = ResolvingProvider(id: "up") { RecipientCheck(active: true) }
        let answer = try await hub([down, up]).lookUpBankAccount(account, currency: .NGN)
        #expect(answer.provider == "up" && answer.isActive)
        let lost = ResolvingProvider(id: "lost") { () throws(ProviderError) in throw ProviderError(.ambiguous, provider: "lost", reason: "HTTP 500") }
        let unavailable = await refusal { try await hub([lost, up]).lookUpBankAccount(account, currency: .NGN) }
        #expect(unavailable?.kind == .unavailable)
        #expect(up.calls.all.count == 1, "a lost answer is not asked elsewhere as if it were a no")
        let alone = await refusal { try await hub([down]).lookUpBankAccount(account, currency: .NGN) }
        #expect(alone?.kind == .unavailable && alone?.message == "down could not be reached")
    }

    @Test func anOpenCircuitIsSkippedLikeTheRouterSkipsIt() async throws {
        let clock = TestClock()
        let breakers = CircuitBreakers(threshold: 1, coolDown: 60)
        let flaky = ResolvingProvider(id: "flaky") { () throws(ProviderError) in throw ProviderError(.notSent, provider: "flaky", reason: "refused") }
        let steady = ResolvingProvider(id: "steady") { RecipientCheck(active: true) }
        let hub = try hub([flaky, steady], clock: clock, cacheSeconds: 0, breakers: breakers)
        _ = try await hub.lookUpBankAccount(account, currency: .NGN)
        #expect(flaky.calls.all.count == 1)
        #expect(try await hub.lookUpBankAccount(account, currency: .NGN).provider == "steady")
        #expect(flaky.calls.all.count == 1, "its circuit opened after one failure")
        let named = await refusal { try await hub.lookUpBankAccount(account, currency: .NGN, provider: "flaky") }
        #expect(named?.kind == .noRoute && named?.message.contains("circuit open") == true)
    }

    @Test func aMobileNumberRoutedToAProviderThatResolvesOnlyBankAccountsIsUnsupported() async throws {
        let nigeria = ResolvingProvider(id: "nigeria") { RecipientCheck(active: true, name: "PASTOR BRIGHT") }
        let hub = try hub([nigeria])
        let mobile = try await hub.lookUpRecipient(.mobileMoney(Fixture.msisdn), currency: .RWF)
        #expect(mobile.provider == "nigeria" && mobile.outcome == .unsupported, "its .lookup is for bank accounts alone")
        #expect(try await hub.lookUpBankAccount(account, currency: .NGN).isActive)
        #expect(nigeria.calls.all.count == 1)
    }
}

extension Currency {
    fileprivate static let NGN = Currency(code: "NGN")!
    fileprivate static let GHS = Currency(code: "GHS")!
}
