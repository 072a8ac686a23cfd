import Foundation
@testable import Hub
import Providers
import Testing

/// The hub's payments at MoMo against the simulator's own report of what moved.
@Suite(.serialized) struct ReconciliationTests {
    @Test func agreesWithTheProviderThenCatchesADifference() async throws {
        try await LiveHub.run { live in
            var ids: [String] = []
            for (amount, msisdn) in [(1000, "+250788000601"), (200, "+250780001009"), (300, "+250780002007")] {
                ids.append(try await live.topUp(wallet: "recon", amount: amount, msisdn: msisdn)["id"] as! String)
            }
            _ = try await live.settle(ids[0])
            ids.append(try await live.withdraw(wallet: "recon", amount: 400, msisdn: "+250788000602")["id"] as! String)
            for id in ids { _ = try await live.settle(id) }
            _ = await PendingPaymentPoller(hub: live.hub).pollOnce()

            func mismatches() async throws -> [ReconciliationMismatch] {
                let report = try await live.client.send(HTTPRequest(method: "GET", url: live.simulatorURL + "/sim/v1/transactions"))
                let records = try MTNMoMoReport.records(from: report.body)
                #expect(records.count == 4)
                return Reconciler.compare(hub: try await live.store.attempts(at: "mtn-momo", since: .distantPast), provider: records)
            }
            // 2007 answered 500 yet moved the money: the hub stays pending until a status query says so.
            let ambiguous = try #require(PaymentID(validating: ids[2]))
            if try await live.hub.payment(ambiguous).state == .pending { _ = try await live.hub.refresh(ambiguous) }
            #expect(try await live.hub.payment(ambiguous).state == .succeeded)
            #expect(try await mismatches() == [])

            let first = ids[0]
            try await live.store.pool.write { db in
                try db.execute(sql: "UPDATE payments SET state = 'failed' WHERE id = ?", arguments: [first])
            }
            let found = try await mismatches()
            #expect(found.count == 1)
            #expect(found.first?.paymentID?.rawValue == ids[0])
            #expect(found.first?.problem == "provider shows succeeded, hub shows failed")
        }
    }

    @Test func aSuccessTheProviderNeverRecordedIsAMismatch() throws {
        let payment = Payment(id: .generate(), kind: .topUp, walletID: try WalletID("w"), amount: try Money.positive(minorUnits: 5, currency: .RWF),
                              counterparty: .mobileMoney(try MSISDN("+250788000603")), state: .succeeded, idempotencyKey: "k",
                              provider: "mtn-momo", providerReference: "ref-1", createdAt: Date(), updatedAt: Date())
        let attempt = PaymentAttempt(paymentID: payment.id, number: 1, provider: "mtn-momo", reference: "ref-1", status: .succeeded,
                                     createdAt: Date(), updatedAt: Date())
        let other = ProviderRecord(reference: "ref-2", kind: .topUp, status: .succeeded, amount: try Money.positive(minorUnits: 9, currency: .RWF))
        let found = Reconciler.compare(hub: [(payment, attempt)], provider: [other])
        #expect(found.map(\.reference) == ["ref-1", "ref-2"])
        #expect(found[0].problem == "hub shows succeeded, the provider has no record")
        #expect(found[1].problem.contains("the hub has no such attempt"))
    }
}
