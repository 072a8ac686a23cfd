import Foundation
import Testing
@testable import Hub

/// A seeded random walk of 10 000 operations — top-ups that succeed or fail, withdrawals (refused, or held then
/// posted or voided) and reversals — across 40 wallets and two currencies. Each wallet's operations run in order in
/// their own lane, the lanes concurrently (SQLite commits them in groups), so every wallet's sequence is the same on
/// every run and every store. Each answer is checked against a model as it comes; at the end the ledger verifies
/// clean and every balance equals what the wallet's payments, as the store lists them, add up to.
@Suite struct StoreLedgerWalkTests {
    static let wallets = 40
    static let operationsPerWallet = 250
    static let currencies: [Currency] = [.RWF, .KES]

    @Test(arguments: StoreKind.allCases) func tenThousandOperationsKeepEveryInvariant(_ kind: StoreKind) async throws {
        let store = try kind.open()
        let lanes = try await withThrowingTaskGroup(of: Lane.self) { group in
            for index in 0..<Self.wallets {
                group.addTask {
                    var lane = Lane(wallet: "walk\(index)", seed: 20_261_203 + UInt64(index))
                    try await lane.run(on: store)
                    return lane
                }
            }
            return try await group.reduce(into: [Lane]()) { $0.append($1) }
        }
        #expect(lanes.map(\.operations).reduce(0, +) == Self.wallets * Self.operationsPerWallet)
        let report = try await store.verifyLedger()
        #expect(report.violations == [])
        #expect(report.transfersChecked == lanes.map(\.transfers).reduce(0, +))
        for lane in lanes {
            var payments: [Payment] = []
            var cursor: String?
            repeat {
                let page = try await store.payments(wallet: WalletID(lane.wallet), limit: 100, cursor: cursor)
                payments += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(payments.count == lane.created)
            for currency in Self.currencies {
                let mine = payments.filter { $0.amount.currency == currency }
                func total(_ kind: PaymentKind, _ states: Set<PaymentState>) -> Int64 {
                    mine.filter { $0.kind == kind && states.contains($0.state) }.reduce(0) { $0 + $1.amount.minorUnits }
                }
                // A reversed top-up was credited, then debited back: it adds nothing.
                let posted = total(.topUp, [.succeeded]) - total(.withdrawal, [.succeeded])
                let balance = try await store.wallet(lane.wallet, currency)
                #expect((balance?.posted ?? 0) == posted, "\(lane.wallet) \(currency.code)")
                #expect((balance?.held ?? 0) == total(.withdrawal, [.created]), "\(lane.wallet) \(currency.code)")
                #expect((balance?.posted ?? 0) == lane.posted[currency, default: 0], "\(lane.wallet) \(currency.code): the model")
            }
        }
    }

    /// One wallet's operations, in order, and the model of its balances they keep.
    struct Lane: Sendable {
        let wallet: String
        var random: SeededRandom
        var posted: [Currency: Int64] = [:]
        var opened: Set<Currency> = []
        var held: [Payment] = []
        var reversible: [Payment] = []
        var operations = 0
        var created = 0
        /// Ledger transfers the operations should have written: a credit, a hold, its post or void, a reversal.
        var transfers = 0

        init(wallet: String, seed: UInt64) {
            self.wallet = wallet
            random = SeededRandom(seed: seed)
        }

        func available(_ currency: Currency) -> Int64 {
            posted[currency, default: 0] - held.filter { $0.amount.currency == currency }.reduce(0) { $0 + $1.amount.minorUnits }
        }

        mutating func run(on store: any Store) async throws {
            while operations < StoreLedgerWalkTests.operationsPerWallet {
                let currency = StoreLedgerWalkTests.currencies[random.next(upTo: 2)]
                switch random.next(upTo: 10) {
                case 0...3:
                    let payment = try await store.create(try Fixture.draft(.topUp, wallet: wallet, amount: Int64(1 + random.next(upTo: 5000)),
                                                                           currency: currency))
                    created += 1
                    let succeed = random.next(upTo: 5) != 0
                    let after = try await store.apply(succeed ? Fixture.success : Fixture.decline, to: payment.id, source: "walk", at: Fixture.clock)
                    #expect(after.payment.state == (succeed ? .succeeded : .failed))
                    if succeed {
                        transfers += 1
                        posted[currency, default: 0] += payment.amount.minorUnits
                        opened.insert(currency)
                        reversible.append(payment)
                    }
                case 4...6:
                    let amount = Int64(1 + random.next(upTo: 3000))
                    let expected: StoreError.Kind? = !opened.contains(currency) ? .unknownWallet
                        : available(currency) < amount ? .insufficientFunds : nil
                    do {
                        held.append(try await store.create(try Fixture.draft(.withdrawal, wallet: wallet, amount: amount, currency: currency)))
                        created += 1
                        transfers += 1
                        #expect(expected == nil, "\(wallet): a withdrawal of \(amount) was accepted")
                    } catch let error as StoreError {
                        #expect(error.kind == expected, "\(wallet): a withdrawal of \(amount) was refused")
                    }
                case 7...8 where !held.isEmpty:
                    let payment = held.remove(at: random.next(upTo: held.count))
                    let succeed = random.next(upTo: 3) != 0
                    let after = try await store.apply(succeed ? Fixture.success : Fixture.decline, to: payment.id, source: "walk", at: Fixture.clock)
                    #expect(after.payment.state == (succeed ? .succeeded : .failed))
                    transfers += 1
                    if succeed { posted[payment.amount.currency, default: 0] -= payment.amount.minorUnits }
                case 9 where !reversible.isEmpty:
                    let payment = reversible.remove(at: random.next(upTo: reversible.count))
                    #expect(try await store.apply(.reversal, to: payment.id, source: "walk", at: Fixture.clock).payment.state == .reversed)
                    posted[payment.amount.currency, default: 0] -= payment.amount.minorUnits
                    transfers += 1
                default:
                    continue
                }
                operations += 1
            }
        }
    }
}
