import Foundation
import GRDB
import Testing
@testable import Hub

/// Huge amounts: refused before anything is written, and no balance sum can overflow or turn into a REAL.
@Suite struct AmountLimitTests {
    func request(amount: Int64, currency: Currency = .RWF, key: String = UUID().uuidString) throws -> PaymentRequest {
        try PaymentRequest(kind: .topUp, walletID: WalletID("w"), amount: Money.positive(minorUnits: amount, currency: currency),
                           counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: key)
    }

    @Test(arguments: [Int64.max, Int64.max - 1, Int64.max / 2, PaymentLimits.defaultMaximum + 1])
    func anAmountOverTheDefaultMaximumIsRefusedAndNothingWritten(amount: Int64) async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .succeeded(providerTransactionID: nil) }
        let hub = HubService.testing([provider], store: store)
        let refused = try request(amount: amount)
        do {
            _ = try await hub.submit(refused)
            Issue.record("an amount of \(amount) must be refused")
        } catch {
            #expect(error.kind == .limitExceeded)
            #expect(error.field == "amount")
        }
        #expect(provider.calls.all.isEmpty)
        #expect(try await store.payments(wallet: WalletID("w"), limit: 10, cursor: nil).items.isEmpty)
    }

    @Test func aConfiguredMaximumIsInclusive() async throws {
        let store = try TestDatabase().open()
        let provider = ScriptedProvider(id: "a") { _ throws(ProviderError) in .pending(providerTransactionID: nil) }
        let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: UnusedTransport(), logger: .init(label: "test"),
                             limits: PaymentLimits(maximum: [.RWF: 5_000_000]), now: { Fixture.clock })
        #expect(try await hub.submit(try request(amount: 5_000_000)).payment.state == .pending)
        let refused = try request(amount: 5_000_001)
        do {
            _ = try await hub.submit(refused)
            Issue.record("over the configured maximum")
        } catch { #expect(error.kind == .limitExceeded) }
    }

    @Test func aPostingThatWouldOverflowAnAccountIsRefusedWhole() async throws {
        let store = try TestDatabase().open()
        try await store.fund("w", Int64.max - 10)
        await #expect(throws: StoreError.self) { try await store.fund("w", 100) }
        let types = try await store.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT typeof(debits_posted) || typeof(credits_posted) FROM ledger_accounts")
        }
        #expect(types == ["integerinteger"])
        #expect(try await store.balances(wallet: WalletID("w")).first?.posted == Int64.max - 10)
        #expect(try await store.verifyLedger().isValid)
    }
}
