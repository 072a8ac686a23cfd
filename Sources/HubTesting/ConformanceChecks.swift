import Foundation
import Hub
import Simulators

/// The checks `ProviderConformance` runs inside one `TestHub`, in order; later checks use the wallet the first
/// one funds.
final class ConformanceChecks: @unchecked Sendable {  // used by one task at a time, in order
    typealias Result = ConformanceReport.Result
    let hub: TestHub
    let provider: ProviderID
    let scenarios: ConformanceScenarios
    let reader: (any ProviderReportReader)?
    let wallet = try! WalletID("conformance-\(UUID().uuidString.prefix(8).lowercased())")  // letters, digits and '-': always valid
    var rows: [ConformanceReport.Row] = []

    init(hub: TestHub, provider: ProviderID, scenarios: ConformanceScenarios, reader: (any ProviderReportReader)?) {
        self.hub = hub
        self.provider = provider
        self.scenarios = scenarios
        self.reader = reader
    }

    var adapter: any PaymentProvider { hub.hub.registry[provider]! }

    func runAll() async {
        await record("collect succeeds into the ledger", collect)
        await record("payout succeeds into the ledger", payout)
        await record("declines are definite, provider code kept", declines)
        await record("unknown outcomes stay pending, end by polling", unknownOutcomes)
        await record("duplicate notification applies once", duplicateNotification)
        await record("tampered notification changes nothing", tamperedNotification)
        await record("unsigned notification changes nothing", unsignedNotification)
        await record("stale notification changes nothing", staleNotification)
        await record("refund of a top-up ends into the ledger", refund)
        await record("recipient lookup tells active from not active", lookups)
        await record("resume reuses the reference", resume)
        await record("amounts round-trip in every declared currency", amounts)
        await record("simulator accepts lenient inputs", lenientInputs)
        await record("no secret, token, full phone or card number in logs", logs)
    }

    func record(_ check: String, _ body: () async throws -> Result) async {
        do { rows.append(.init(check: check, result: try await body())) } catch {
            rows.append(.init(check: check, result: .failed("\(error)")))
        }
    }

    // MARK: payments

    func submit(_ kind: PaymentKind, _ party: Counterparty, _ amount: Money) async throws -> Payment {
        let request = try PaymentRequest(kind: kind, walletID: wallet, amount: amount, counterparty: party, provider: provider,
                                         idempotencyKey: UUID().uuidString)
        return try await hub.hub.submit(request).payment
    }

    /// Asks the provider until the payment is final, for at most `seconds`.
    func settle(_ payment: Payment, seconds: Double = 10) async throws -> Payment {
        var current = payment
        let deadline = Date().addingTimeInterval(seconds)
        while !current.state.isFinal, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            current = try await hub.hub.refresh(payment.id)
        }
        return current
    }

    var amount: Money {
        get throws { try ProviderConformance.amountFor(scenarios, capabilities: adapter.capabilities) }
    }

    func balance(_ currency: Currency) async throws -> Int64 {
        try await hub.store.balances(wallet: wallet).first { $0.currency == currency }?.posted ?? 0
    }

    func collect() async throws -> Result {
        let amount = try amount
        let payment = try await settle(try await submit(.topUp, scenarios.collect, amount))
        guard payment.state == .succeeded else { return .failed("ended \(payment.state.rawValue) \(payment.failure?.providerCode ?? "")") }
        guard try await balance(amount.currency) == amount.minorUnits else { return .failed("the wallet was not credited \(amount)") }
        guard try await hub.store.verifyLedger().isValid else { return .failed("ledger invariants broken") }
        return .passed("\(amount) credited")
    }

    func payout() async throws -> Result {
        guard adapter is any PayingProvider else { return .notApplicable("the provider does not pay out") }
        guard let party = scenarios.payout else { return .failed("fill in `payout` in the conformance scenarios") }
        let amount = try amount
        let before = try await balance(amount.currency)
        let payment = try await settle(try await submit(.withdrawal, party, amount))
        guard payment.state == .succeeded else { return .failed("ended \(payment.state.rawValue) \(payment.failure?.providerCode ?? "")") }
        guard try await balance(amount.currency) == before - amount.minorUnits else { return .failed("the wallet was not debited") }
        guard try await hub.store.verifyLedger().isValid else { return .failed("ledger invariants broken") }
        return .passed("\(amount) debited")
    }

    func declines() async throws -> Result {
        guard !scenarios.declines.isEmpty else { return .failed("list the documented declines in the conformance scenarios") }
        var wrong: [String] = []
        for decline in scenarios.declines {
            let payment = try await settle(try await submit(.topUp, decline.party, try amount))
            if payment.state != .failed || payment.failure?.providerCode != decline.providerCode {
                wrong.append("\(decline.providerCode): \(payment.state.rawValue) \(payment.failure?.providerCode ?? "-")")
            }
        }
        return wrong.isEmpty ? .passed("\(scenarios.declines.count) codes") : .failed(wrong.joined(separator: "; "))
    }

    func unknownOutcomes() async throws -> Result {
        guard !scenarios.unknown.isEmpty else { return .failed("list the unknown-outcome scenarios (a 5xx, a timeout)") }
        var wrong: [String] = []
        for unknown in scenarios.unknown {
            let first = try await submit(.topUp, unknown.party, try amount)
            // The provider's notification may settle the payment while the call still hangs; what must never
            // happen is a final state the provider did not give.
            guard first.state == .pending || first.state == .created || first.state == unknown.settlesAs else {
                wrong.append("answered \(first.state.rawValue) at once")
                continue
            }
            let settled = try await settle(first, seconds: unknown.settlesAs == nil ? 2 : 10)
            let expected = unknown.settlesAs ?? .pending
            if settled.state != expected, !(expected == .pending && settled.state == .created) {
                wrong.append("expected \(expected.rawValue), got \(settled.state.rawValue)")
            }
        }
        return wrong.isEmpty ? .passed("\(scenarios.unknown.count) scenarios, none failed by guesswork") : .failed(wrong.joined(separator: "; "))
    }

    // MARK: notifications

    /// What a notification could change: the outbox, the wallet's balances, the anomalies.
    func snapshot() async throws -> String {
        let events = try await hub.store.outbox(.all, limit: 10_000).count
        let balances = try await hub.store.balances(wallet: wallet).map { "\($0.currency.code):\($0.posted)/\($0.held)" }
        let anomalies = try await hub.store.anomalies(limit: 10_000).count
        return "\(events) \(balances) \(anomalies)"
    }

    var delivered: NotificationTap.Delivery? {
        hub.tap.deliveries.last { $0.path.hasPrefix("/webhooks/\(provider)/") && (200..<300).contains($0.status) }
    }

    var signed: Bool { adapter.notifications?.isSigned ?? false }

    func replay(_ delivery: NotificationTap.Delivery, headers: [(name: String, value: String)]? = nil, body: Data? = nil) async throws -> Int {
        try await hub.client.send(HTTPRequest(method: delivery.method, url: hub.baseURL + delivery.path,
                                              headers: (headers ?? delivery.headers).filter { $0.name.lowercased() != "host" },
                                              body: body ?? delivery.body)).status
    }

    func changesNothing(_ what: String, expecting statuses: ClosedRange<Int>?, _ send: (NotificationTap.Delivery) async throws -> Int) async throws -> Result {
        guard let delivery = delivered else { return .notApplicable("the simulator sent the hub no notification") }
        try await Task.sleep(for: .milliseconds(200))
        let before = try await snapshot()
        let status = try await send(delivery)
        if let statuses, !statuses.contains(status) { return .failed("\(what) answered HTTP \(status)") }
        try await Task.sleep(for: .milliseconds(200))
        let after = try await snapshot()
        return before == after ? .passed("HTTP \(status), nothing changed") : .failed("\(what) changed the books: \(before) → \(after)")
    }

    func duplicateNotification() async throws -> Result {
        try await changesNothing("a repeat", expecting: 200...299) { try await replay($0) }
    }

    func tamperedNotification() async throws -> Result {
        try await changesNothing("a tampered body", expecting: signed ? 400...401 : nil) { delivery in
            var body = delivery.body
            guard !body.isEmpty else { return try await replay(delivery) }
            let middle = body.count / 2
            body[middle] = body[middle] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
            return try await replay(delivery, body: body)
        }
    }

    func unsignedNotification() async throws -> Result {
        guard signed else { return .notApplicable("the provider does not sign: every notification is confirmed by a status query") }
        return try await changesNothing("a notification without its signature", expecting: 400...401) { delivery in
            try await replay(delivery, headers: delivery.headers.filter { $0.name.lowercased() == "content-type" })
        }
    }

    func staleNotification() async throws -> Result {
        guard signed else { return .notApplicable("the provider does not sign: every notification is confirmed by a status query") }
        hub.clock.advance(3600)
        defer { hub.clock.advance(-3600) }
        return try await changesNothing("an hour-old notification", expecting: nil) { try await replay($0) }
    }

    // MARK: refunds

    /// A fresh top-up refunded in full through the hub: the payment ends reversed, the hold posted, the wallet back
    /// where it was. A refund the provider leaves pending is followed by the poller, with the hub's clock moved on.
    func refund() async throws -> Result {
        guard adapter is any RefundingProvider, adapter.capabilities.operations.contains(.refund) else {
            return .notApplicable("the provider does not refund")
        }
        let amount = try amount
        let before = try await balance(amount.currency)
        let topUp = try await settle(try await submit(.topUp, scenarios.collect, amount))
        guard topUp.state == .succeeded else { return .failed("the top-up to refund ended \(topUp.state.rawValue)") }
        var payment = try await hub.hub.refund(topUp.id, idempotencyKey: UUID().uuidString).payment
        let poller = PendingPaymentPoller(hub: hub.hub)
        for _ in 0..<50 where payment.state != .reversed && payment.refundState != "failed" {
            try await Task.sleep(for: .milliseconds(100))
            hub.clock.advance(120)
            await poller.pollOnce()
            payment = try await hub.hub.payment(topUp.id)
        }
        guard payment.state == .reversed, payment.refundState == "succeeded" else {
            return .failed("refund ended \(payment.refundState ?? "-") with the payment \(payment.state.rawValue)")
        }
        guard try await balance(amount.currency) == before else { return .failed("the wallet is not back where it was") }
        guard try await hub.store.verifyLedger().isValid else { return .failed("ledger invariants broken") }
        return .passed("\(amount) refunded, hold posted")
    }

    // MARK: recipient lookups

    /// Each scenario recipient looked up through the hub, as the wallet API does it.
    func lookups() async throws -> Result {
        guard adapter is any RecipientLookupProvider, adapter.capabilities.operations.contains(.lookup) else {
            return .notApplicable("the provider does not look recipients up")
        }
        guard let lookups = scenarios.lookups else {
            return .failed("the provider declares lookups: fill in `lookups` in the simulator plugin's conformance scenarios")
        }
        let currency = try amount.currency
        let active = try await hub.hub.lookUpRecipient(lookups.active, currency: currency, provider: provider)
        guard active.provider == provider, active.isActive else { return .failed("\(lookups.active) answered \(active.outcome)") }
        for party in lookups.inactive {
            let answer = try await hub.hub.lookUpRecipient(party, currency: currency, provider: provider)
            guard case .checked(let check) = answer.outcome, !check.active else { return .failed("\(party) answered \(answer.outcome)") }
        }
        let named = if case .checked(let check) = active.outcome, check.name != nil { "named" } else { "no name" }
        return .passed("1 active (\(named)), \(lookups.inactive.count) not active")
    }

    // MARK: resume, amounts, leniency, logs

    func resume() async throws -> Result {
        let amount = try amount
        let draft = PaymentDraft(id: .generate(), kind: .topUp, walletID: wallet, amount: amount, counterparty: scenarios.collect,
                                 idempotencyKey: UUID().uuidString, requestHash: "conformance", provider: provider,
                                 reference: UUID().uuidString.lowercased(), metadata: [:], createdAt: hub.clock.now)
        guard case .created(let orphan) = try await hub.store.createPayment(draft) else { return .failed("could not write the payment") }
        guard adapter.capabilities.resendsTopUps else {
            // No idempotency for top-ups: the orphan must go to an operator, never out again.
            let flagged = try await hub.hub.refresh(orphan.id)
            let attempts = try await hub.store.attempts(of: orphan.id)
            guard attempts.count == 1, flagged.state == .created, flagged.needsReview else {
                return .failed("a top-up that cannot be resent ended \(flagged.state.rawValue) with \(attempts.count) attempts")
            }
            return .passed("not sent again (resendsTopUps false): left to review, one attempt")
        }
        let resumed = try await settle(try await hub.hub.refresh(orphan.id))
        let attempts = try await hub.store.attempts(of: orphan.id)
        guard attempts.count == 1, attempts[0].reference == draft.reference else { return .failed("\(attempts.count) attempts") }
        guard resumed.state == .succeeded else { return .failed("resumed payment ended \(resumed.state.rawValue)") }
        return .passed("sent again as \(draft.reference.prefix(8))…, one attempt")
    }

    func amounts() async throws -> Result {
        var checked: [String] = []
        var wrong: [String] = []
        let records = try await reportRecords()
        for currency in adapter.capabilities.currencies.sorted(by: { $0.code < $1.code }) {
            guard let amount = scenarios.amounts.first(where: { $0.currency == currency }) else {
                wrong.append("no scenario amount in \(currency.code)")
                continue
            }
            let payment = try await settle(try await submit(.topUp, scenarios.collect, amount))
            if payment.state != .succeeded || payment.amount != amount { wrong.append("\(amount): \(payment.state.rawValue)") }
            if let records = try await reportRecords() ?? records,
               let record = records.first(where: { $0.reference == payment.providerReference }), record.amount != amount {
                wrong.append("\(amount) recorded by the provider as \(record.amount)")
            }
            checked.append("\(amount.currency.code) (exponent \(amount.currency.exponent))")
        }
        return wrong.isEmpty ? .passed(checked.joined(separator: ", ") + (reader == nil ? "; no provider report to compare" : ""))
            : .failed(wrong.joined(separator: "; "))
    }

    /// The simulator's own records, through the provider's report reader.
    func reportRecords() async throws -> [ProviderRecord]? {
        guard let reader, let base = hub.connections[provider]?.baseURL else { return nil }
        let response = try await hub.client.send(HTTPRequest(method: "GET", url: base + "/sim/v1/transactions"))
        guard response.status == 200 else { return nil }
        return try reader.records(from: response.body)
    }

    func lenientInputs() async throws -> Result {
        guard !scenarios.lenientRequests.isEmpty else { return .failed("list lenient requests the real provider accepts") }
        guard let connection = hub.connections[provider] else { return .failed("no simulator connection") }
        var refused: [String] = []
        for template in scenarios.lenientRequests {
            var request = template
            request.url = template.url.replacingOccurrences(of: "{base}", with: connection.baseURL)
            request.headers = template.headers.map { header in
                var value = header.value
                for (name, credential) in connection.credentials { value = value.replacingOccurrences(of: "{credential:\(name)}", with: credential) }
                // `{basic:user:key}`: HTTP Basic credentials from two credentials.
                if let start = value.range(of: "{basic:"), let end = value.range(of: "}", range: start.upperBound..<value.endIndex) {
                    let names = value[start.upperBound..<end.lowerBound].split(separator: ":").map(String.init)
                    let pair = names.map { connection[$0] }.joined(separator: ":")
                    value.replaceSubrange(start.lowerBound..<end.upperBound, with: Data(pair.utf8).base64EncodedString())
                }
                return (header.name, value)
            }
            let status = try await hub.client.send(request).status
            if (400..<500).contains(status) { refused.append("\(template.method) \(template.url.replacingOccurrences(of: "{base}", with: "")) → \(status)") }
        }
        return refused.isEmpty ? .passed("\(scenarios.lenientRequests.count) requests") : .failed(refused.joined(separator: "; "))
    }

    /// The check digit card numbers carry (ISO/IEC 7812): a run of digits that passes it is taken for a card number.
    static func passesLuhn(_ digits: Substring) -> Bool {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            guard let digit = character.wholeNumberValue else { return false }
            sum += index % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
        }
        return sum % 10 == 0
    }

    func logs() async throws -> Result {
        var secrets = (hub.connections[provider]?.credentials.values.filter { $0.count >= 8 } ?? []).map { ("a credential", $0) }
        let parties = [scenarios.collect] + (scenarios.payout.map { [$0] } ?? []) + scenarios.declines.map(\.party)
        secrets += parties.compactMap { $0.msisdn.map { ("a phone number", $0.digits) } }
        let lines = hub.logs.lines
        guard !lines.isEmpty else { return .failed("nothing was logged: the capture saw no line") }
        for line in lines {
            if let (kind, _) = secrets.first(where: { line.contains($0.1) }) { return .failed("\(kind) in a log line") }
            var rest = line[...]
            while let match = rest.range(of: #"(?<![0-9A-Za-z_])\d{13,19}(?![0-9A-Za-z_])"#, options: .regularExpression) {
                if Self.passesLuhn(rest[match]) { return .failed("a card number (Luhn-valid) in a log line: …\(rest[match].suffix(4))") }
                rest = rest[match.upperBound...]
            }
        }
        return .passed("\(lines.count) lines")
    }
}
