import Foundation
import Testing
@testable import Hub

@Suite struct ProviderRouterTests {
    static func provider(_ id: ProviderID, currencies: Set<Currency> = [.RWF], countries: Set<String> = ["RW"],
                         limits: [Currency: ClosedRange<Int64>] = [:], operations: Set<ProviderCapabilities.Operation> = [.collect, .payout]) -> ScriptedProvider {
        var provider = ScriptedProvider(id: id) { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        provider.capabilities = ProviderCapabilities(operations: operations, methods: [.mobileMoney], countries: countries,
                                                     currencies: currencies, limits: limits)
        return provider
    }

    static let registry = ProviderRegistry([
        provider("mtn"), provider("airtel"), provider("big", limits: [.RWF: 1...1000]), provider("ug", currencies: [.UGX], countries: ["UG"]),
        provider("collect-only", operations: [.collect]),
    ])
    static let rules = [
        RoutingRule(name: "mtn-rw", method: .mobileMoney, currency: .RWF, msisdnPrefixes: ["+25078", "+25079"],
                    targets: [.init(provider: "mtn"), .init(provider: "airtel")]),
        RoutingRule(name: "airtel-rw", currency: .RWF, msisdnPrefixes: ["+25072", "+25073"], targets: [.init(provider: "airtel")]),
        RoutingRule(name: "large", direction: .payout, minimumAmount: 1_000_000, targets: [.init(provider: "big"), .init(provider: "mtn")]),
        RoutingRule(name: "split", direction: .collect, country: "UG",
                    targets: [.init(provider: "ug", weight: 70), .init(provider: "mtn", weight: 30)]),
    ]

    func request(_ kind: PaymentKind = .topUp, _ msisdn: String, amount: Int64 = 500, currency: Currency = .RWF,
                 provider: ProviderID? = nil) throws -> PaymentRequest {
        try PaymentRequest(kind: kind, walletID: WalletID("w"), amount: Money.positive(minorUnits: amount, currency: currency),
                           counterparty: .mobileMoney(MSISDN(msisdn)), provider: provider, idempotencyKey: "k")
    }

    @Test(arguments: [
        ("+250781234567", "mtn-rw", ["mtn", "airtel"]),
        ("+250791234567", "mtn-rw", ["mtn", "airtel"]),
        ("+250721234567", "airtel-rw", ["airtel"]),
        ("+250731234567", "airtel-rw", ["airtel"]),
    ])
    func matchesPrefixes(msisdn: String, rule: String, candidates: [String]) throws {
        let decision = ProviderRouter(registry: Self.registry, rules: Self.rules).route(try request(.topUp, msisdn))
        #expect(decision.rule == rule)
        #expect(decision.candidates.map(\.rawValue) == candidates)
    }

    @Test func skipsProvidersThatDoNotFitAndSaysWhy() throws {
        let router = ProviderRouter(registry: Self.registry, rules: Self.rules)
        let large = router.route(try request(.withdrawal, "+250751234567", amount: 2_000_000))
        #expect(large.rule == "large")
        #expect(large.candidates == ["mtn"])
        #expect(large.skipped.map(\.provider) == ["big"])
        #expect(large.skipped.first?.reason.contains("limits") == true)
        let none = router.route(try request(.topUp, "+250751234567", amount: 10))
        #expect(none.candidates.isEmpty)
        #expect(none.skipped.map(\.provider) == ["rule mtn-rw", "rule airtel-rw", "rule large", "rule split"])
        let named = router.route(try request(.withdrawal, "+250781234567", provider: "collect-only"))
        #expect(named.rule == "requested provider")
        #expect(named.candidates.isEmpty)
        #expect(named.skipped.first?.reason == "does not support payout")
    }

    @Test func weightsSplitVolume() throws {
        let router = ProviderRouter(registry: Self.registry, rules: Self.rules)
        let uganda = try request(.topUp, "+256771234567", currency: .UGX)
        #expect(router.route(uganda, roll: { _ in 0 }).candidates == ["ug"])
        #expect(router.route(uganda, roll: { _ in 69 }).candidates == ["ug"])
        #expect(ProviderRouter.order(Self.rules[3].targets, roll: { _ in 70 }) == ["mtn", "ug"])
        let tail = router.route(uganda, roll: { _ in 70 })
        #expect(tail.candidates == ["ug"])
        #expect(tail.skipped.map(\.provider) == ["mtn"])
        var firsts: [String: Int] = [:]
        for roll in 0..<100 { firsts[ProviderRouter.order(Self.rules[3].targets, roll: { _ in roll }).first!.rawValue, default: 0] += 1 }
        #expect(firsts == ["ug": 70, "mtn": 30])
    }

    @Test func anOpenCircuitIsSkippedUntilItsProbe() throws {
        let breakers = CircuitBreakers(threshold: 3, coolDown: 30)
        let router = ProviderRouter(registry: Self.registry, rules: Self.rules, breakers: breakers)
        let start = Date(timeIntervalSince1970: 1_000_000)
        for _ in 0..<3 { breakers.recordFailure("mtn", now: start) }
        #expect(breakers.snapshot("mtn", now: start).state == .open)
        let whileOpen = router.route(try request(.topUp, "+250781234567"), now: start.addingTimeInterval(10))
        #expect(whileOpen.candidates == ["airtel"])
        #expect(whileOpen.skipped.first?.reason == "circuit open")
        let probeTime = start.addingTimeInterval(31)
        #expect(breakers.snapshot("mtn", now: probeTime).state == .halfOpen)
        // Routing takes nothing: a half-open provider stays a candidate until a call really takes its probe.
        #expect(router.route(try request(.topUp, "+250781234567"), now: probeTime).candidates == ["mtn", "airtel"])
        #expect(router.route(try request(.topUp, "+250781234567"), now: probeTime).candidates == ["mtn", "airtel"])
        #expect(breakers.acquire("mtn", now: probeTime))
        #expect(!breakers.acquire("mtn", now: probeTime), "one probe at a time")
        #expect(router.route(try request(.topUp, "+250781234567"), now: probeTime).candidates == ["airtel"])
        breakers.recordSuccess("mtn")
        #expect(breakers.snapshot("mtn", now: probeTime).state == .closed)
        #expect(router.route(try request(.topUp, "+250781234567"), now: probeTime).candidates == ["mtn", "airtel"])
    }

    @Test func theDecisionIsRecordedOnThePayment() async throws {
        let store = try TestDatabase().open()
        let hub = HubService(store: store, registry: Self.registry, transport: UnusedTransport(), logger: .init(label: "test"),
                             rules: Self.rules, now: { Fixture.clock })
        let payment = try await hub.submit(try request(.topUp, "+250781234567")).payment
        let stored = try #require(try await store.payment(payment.id))
        #expect(stored.routing?.rule == "mtn-rw")
        #expect(stored.routing?.candidates == ["mtn", "airtel"])
        #expect(PaymentResource(stored).routing?.rule == "mtn-rw")
        // The submission's answer shows it too; events to the wallet backend leave it out.
        #expect(PaymentResource(payment).routing?.candidates == ["mtn", "airtel"])
        let events = try await store.outbox(.all, limit: 10)
        #expect(!events.isEmpty)
        for event in events {
            let envelope = try JSONDecoder().decode(PaymentEventEnvelope.self, from: event.payload)
            #expect(envelope.data.routing == nil)
            #expect(envelope.data.id == payment.id.rawValue)
        }
    }
}

/// A provider that moves only whole units of a currency (M-Pesa moves whole shillings) is skipped for an amount
/// with a fraction, with the reason, and never receives it rounded.
@Suite struct AmountGranularityTests {
    static func wholeShillings() -> ScriptedProvider {
        var provider = ScriptedProvider(id: "whole") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        provider.capabilities = ProviderCapabilities(operations: [.collect, .payout], methods: [.mobileMoney], countries: ["KE"],
                                                     currencies: [.KES], granularity: [.KES: 100])
        return provider
    }

    func request(_ minorUnits: Int64) throws -> PaymentRequest {
        try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: minorUnits, currency: .KES),
                           counterparty: .mobileMoney(MSISDN("+254712345678")), provider: nil, idempotencyKey: "k")
    }

    @Test func aFractionOfTheUnitIsRefusedWithTheReason() throws {
        let router = ProviderRouter(registry: ProviderRegistry([Self.wholeShillings()]))
        let fraction = router.route(try request(15_050))
        #expect(fraction.candidates.isEmpty)
        #expect(fraction.skipped.first?.reason == "moves only whole units of KES (multiples of 100 minor units): 150.50 KES would need rounding")
        #expect(router.route(try request(15_000)).candidates == ["whole"])
    }

    @Test func capabilitiesSayWhyAndCurrenciesWithoutAStepTakeAnyAmount() throws {
        let capabilities = Self.wholeShillings().capabilities
        #expect(capabilities.refusal(operation: .collect, method: .mobileMoney, amount: try Money(minorUnits: 1, currency: .KES)) != nil)
        #expect(capabilities.refusal(operation: .collect, method: .mobileMoney, amount: try Money(minorUnits: 100, currency: .KES)) == nil)
        let anyStep = ProviderCapabilities(operations: [.collect], methods: [.mobileMoney], countries: [], currencies: [.KES])
        #expect(anyStep.refusal(operation: .collect, method: .mobileMoney, amount: try Money(minorUnits: 1, currency: .KES)) == nil)
    }
}
