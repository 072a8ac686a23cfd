import Foundation
import Testing
@testable import Hub

/// Every store tells the same story: one seeded sequence of calls — payments, answers in any state, notifications
/// (some repeated), failovers, refunds, flags, resolutions, claims, deliveries — run on each store, every answer
/// (or refusal) and the final state written to a transcript, and the transcripts compared line by line. Random event
/// ids are left out; everything else a caller can see is in.
@Suite struct StoreAgreementTests {
    @Test(arguments: [UInt64(7), 1_203, 88_001]) func everyStoreAnswersTheSameSequenceAlike(_ seed: UInt64) async throws {
        var transcripts: [(StoreKind, [String])] = []
        for kind in StoreKind.allCases {
            var scenario = Scenario(seed: seed)
            transcripts.append((kind, try await scenario.run(on: kind.open())))
        }
        let (referenceKind, reference) = transcripts[0]
        #expect(reference.count > 600)
        for (kind, transcript) in transcripts.dropFirst() {
            let first = zip(reference, transcript).enumerated().first { $0.element.0 != $0.element.1 }
            #expect(first == nil, "\(kind) differs from \(referenceKind) at line \(first?.offset ?? 0):\n\(first?.element.0 ?? "")\n\(first?.element.1 ?? "")")
            #expect(transcript.count == reference.count, "\(kind)")
        }
    }

    struct Scenario {
        var random: SeededRandom
        var lines: [String] = []
        var payments: [PaymentID] = []
        var time = Fixture.clock

        init(seed: UInt64) { random = SeededRandom(seed: seed) }

        mutating func pick() -> PaymentID? { payments.isEmpty ? nil : payments[random.next(upTo: payments.count)] }

        mutating func log<T>(_ label: String, _ body: () async throws -> T) async {
            do { lines.append("\(label) -> \(try await body())") } catch let error as StoreError {
                lines.append("\(label) -> refused \(error.kind)")
            } catch {
                lines.append("\(label) -> failed \(type(of: error))")
            }
        }

        mutating func run(on store: any TransactionalStore) async throws -> [String] {
            let wallets = ["a", "b", "c"]
            let results: [ProviderResult] = [.pending(providerTransactionID: "tx"), .succeeded(providerTransactionID: nil), Fixture.declineResult]
            for step in 0..<700 {
                time = time.addingTimeInterval(Double(random.next(upTo: 4000)) / 1000)
                let now = time
                let choice = random.next(upTo: 16)
                switch choice {
                case 0...3:
                    let kind: PaymentKind = choice < 2 ? .topUp : .withdrawal
                    let draft = PaymentDraft(
                        id: PaymentID(rawValue: "pay_" + String(format: "%032x", step)), kind: kind,
                        walletID: try WalletID(wallets[random.next(upTo: 3)]),
                        amount: try Money.positive(minorUnits: Int64(1 + random.next(upTo: 900)), currency: random.next(upTo: 4) == 0 ? .KES : .RWF),
                        counterparty: .mobileMoney(Fixture.msisdn), idempotencyKey: "key-\(random.next(upTo: step + 1))", requestHash: "hash-\(kind)",
                        provider: ["p", "q"][random.next(upTo: 2)], reference: "ref-\(step)", metadata: ["step": "\(step)"], createdAt: now,
                        firstPollAt: now.addingTimeInterval(Double(random.next(upTo: 30))))
                    await log("create \(step)") { try await store.createPayment(draft) }
                    if try await store.payment(draft.id) != nil { payments.append(draft.id) }
                case 4...6:
                    guard let id = pick() else { continue }
                    let input: PaymentInput = random.next(upTo: 8) == 0 ? .reversal : .providerResult(results[random.next(upTo: 3)])
                    await log("apply \(id) \(input)") {
                        try await store.apply(input, to: id, attempt: nil, source: "s", at: now, nextPollAt: now.addingTimeInterval(30))
                    }
                case 7:
                    guard let id = pick(), let payment = try await store.payment(id) else { continue }
                    let entry = Fixture.notification("evt-\(random.next(upTo: 40))", reference: payment.providerReference, at: now)
                    let matched: PaymentID? = random.next(upTo: 6) == 0 ? nil : id
                    let action: NotificationAction = [.payment(.reversal), .payment(.providerResult(results[random.next(upTo: 3)])),
                                                      .refund(results[random.next(upTo: 3)], reference: nil), .review("dispute")][random.next(upTo: 4)]
                    await log("notify \(id) \(entry.dedupeKey) \(action)") {
                        switch try await store.receiveNotification(entry, action: action, paymentID: matched, at: now) {
                        case .applied(let result): "applied \(result)"
                        case .duplicate: "duplicate"
                        case .kept: "kept"
                        }
                    }
                case 8:
                    guard let id = pick(), let payment = try await store.payment(id) else { continue }
                    await log("not sent \(id)") { try await store.markAttemptNotSent(id, reference: payment.providerReference, at: now) }
                    await log("failover \(id)") {
                        try await store.addAttempt(to: id, after: payment.providerReference, provider: "r", reference: "ref-\(step)-r", at: now,
                                                   leaseUntil: now.addingTimeInterval(20))
                    }
                case 9:
                    guard let id = pick() else { continue }
                    let key = "refund-\(random.next(upTo: 30))"
                    await log("refund \(id) \(key)") {
                        try await store.beginRefund(of: id, idempotencyKey: key, reference: "rf-\(step)", at: now, leaseUntil: now.addingTimeInterval(10))
                    }
                case 10:
                    guard let id = pick() else { continue }
                    let result = results[random.next(upTo: 3)]
                    if random.next(upTo: 4) == 0 {
                        await log("refund not sent \(id)") { try await store.refundNotSent(of: id, at: now) }
                    } else {
                        await log("refund outcome \(id) \(result)") {
                            try await store.recordRefundOutcome(of: id, result, source: "s", at: now, nextPollAt: now.addingTimeInterval(40))
                        }
                    }
                case 11:
                    guard let id = pick() else { continue }
                    let outcome: Resolution = random.next(upTo: 2) == 0 ? .succeeded : .failed
                    switch random.next(upTo: 3) {
                    case 0: await log("flag \(id)") { try await store.flagForReview(id, source: "s", detail: "look at \(step)", at: now) }
                    case 1: await log("resolve \(id) \(outcome)") { try await store.resolve(id, as: outcome, reason: "r", operator: "o", at: now) }
                    default:
                        await log("resolve refund \(id) \(outcome)") { try await store.resolveRefund(id, as: outcome, reason: "r", operator: "o", at: now) }
                    }
                case 12:
                    await log("claim payments") { try await store.claimDuePayments(now: now, lease: 30, limit: 3).map { "\($0.payment.id) \($0.polls)" } }
                    if let id = pick() {
                        let at = now.addingTimeInterval(Double(random.next(upTo: 60)))
                        await log("schedule \(id)") { try await store.schedulePoll(id, at: at, countingPoll: true) }
                    }
                case 13:
                    await log("claim refunds") {
                        try await store.claimDueRefunds(now: now, lease: 30, limit: 3)
                            .map { "\($0.payment.id) \($0.state) \($0.reference) \($0.providerRefundID ?? "-") \($0.polls) \($0.requestedAt)" }
                    }
                    if let id = pick() { await log("schedule refund \(id)") { try await store.scheduleRefundPoll(id, at: now, countingPoll: true) } }
                case 14:
                    let wallet = wallets[random.next(upTo: 3)]
                    let amount = try Money.positive(minorUnits: Int64(1 + random.next(upTo: 500)), currency: .RWF)
                    let other = random.next(upTo: 5) == 0 ? "wallet:\(wallet)" : "suspense"
                    await log("post \(wallet) \(amount) from \(other)") {
                        try await store.post([LedgerPosting(debitAccount: other, creditAccount: "wallet:\(wallet)", amount: amount)], at: now).count
                    }
                default:
                    let claimed = try await store.claimDueEvents(now: now, lease: 30, limit: 4)
                    lines.append("claim events -> \(claimed.map(Self.describe))")
                    for event in claimed {
                        let outcome = random.next(upTo: 3)
                        let retry: Date? = outcome == 2 ? nil : now.addingTimeInterval(15)
                        try await store.recordDelivery(of: event.sequence, delivered: outcome == 0, error: outcome == 0 ? nil : "HTTP 500", retryAt: retry,
                                                       at: now)
                    }
                    if random.next(upTo: 3) == 0, let dead = try await store.outbox(.dead, limit: 1).first {
                        await log("redeliver \(dead.sequence)") { try await store.redeliver(eventID: dead.eventID, at: now) }
                    }
                }
            }
            try await dump(store)
            return lines
        }

        /// Everything a caller can read at the end.
        mutating func dump(_ store: any Store) async throws {
            for id in payments {
                let payment = try await store.payment(id)
                lines.append("payment \(String(describing: payment))")
                if let payment {
                    let found = try await store.payment(provider: payment.provider, reference: payment.providerReference)
                    lines.append("found by reference \(String(describing: found?.id))")
                }
                lines.append("attempts \(try await store.attempts(of: id))")
                lines.append("notifications \(try await store.notifications(of: id))")
                lines.append("resolutions \(try await store.resolutions(of: id))")
            }
            for wallet in ["a", "b", "c"] {
                lines.append("balances \(wallet) \(try await store.balances(wallet: WalletID(wallet)))")
                lines.append("entries \(wallet) \(try await store.entries(wallet: WalletID(wallet), limit: 10_000, cursor: nil).items)")
                lines.append("payments \(wallet) \(try await store.payments(wallet: WalletID(wallet), limit: 10_000, cursor: nil).items.map(\.id))")
                var cursor: String?
                repeat {
                    let page = try await store.payments(wallet: WalletID(wallet), limit: 7, cursor: cursor)
                    lines.append("payments page \(wallet) \(page.items.map(\.id))")
                    cursor = page.nextCursor
                } while cursor != nil
                repeat {
                    let page = try await store.entries(wallet: WalletID(wallet), limit: 5, cursor: cursor)
                    lines.append("entries page \(wallet) \(page.items.map(\.transferID))")
                    cursor = page.nextCursor
                } while cursor != nil
            }
            for provider: ProviderID in ["p", "q", "r"] {
                let attempts = try await store.attempts(at: provider, since: Fixture.clock.addingTimeInterval(300))
                lines.append("attempts at \(provider) \(attempts.map { "\($0.payment.id) \($0.attempt.number) \($0.attempt.status)" })")
            }
            for account in ["provider:p:clearing", "provider:q:clearing", "provider:r:clearing"] {
                for currency in [Currency.RWF, .KES] {
                    lines.append("balance \(account) \(String(describing: try await store.balance(account: account, currency: currency)))")
                }
            }
            for filter in [OutboxFilter.all, .undelivered, .dead] {
                lines.append("outbox \(filter) \(try await store.outbox(filter, limit: 10_000).map(Self.describe))")
            }
            lines.append("anomalies \(try await store.anomalies(limit: 10_000))")
            lines.append("review \(try await store.paymentsNeedingReview(limit: 10_000).map(\.id))")
            lines.append("unmatched \(try await store.unmatchedNotifications(limit: 10_000))")
            lines.append("gauges \(try await store.gauges(now: time).pendingPayments.sorted { $0.key.rawValue < $1.key.rawValue })")
            let verification = try await store.verifyLedger()
            lines.append("ledger \(verification.violations) \(verification.transfersChecked) \(verification.accountsChecked)")
        }

        /// An event without its random id (and the payload that repeats it).
        static func describe(_ event: OutboxEvent) -> String {
            "\(event.sequence) \(event.paymentID) \(event.type) \(event.createdAt) \(String(describing: event.deliveredAt)) "
                + "\(event.deliveryAttempts) \(event.nextAttemptAt) \(String(describing: event.deadAt)) \(event.lastError ?? "-")"
        }
    }
}
