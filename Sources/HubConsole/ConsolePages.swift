import Foundation
import Hub

/// What each page shows, as plain values the templates read by name. Built from the hub's services only.
enum ConsolePages {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    static func options(_ values: [String], selected: String?, all: String = "any") -> [Option] {
        [Option(value: "", label: all, selected: selected == nil || selected == "")]
            + values.map { Option(value: $0, label: $0, selected: $0 == selected) }
    }

    struct PaymentRow {
        var id: String
        var created: String
        var kind: String
        var amount: String
        var state: String
        var provider: String
        var wallet: String
        var counterparty: String
        var needsReview: Bool

        init(_ payment: Payment) {
            id = payment.id.rawValue
            created = ConsoleFormat.time(payment.createdAt)
            kind = payment.kind.rawValue
            amount = ConsoleFormat.amount(payment.amount)
            state = payment.state.rawValue
            provider = payment.provider.rawValue
            wallet = payment.walletID.rawValue
            counterparty = payment.counterparty.description
            needsReview = payment.needsReview
        }
    }

    struct Step {
        var at: String
        var kind: String
        var label: String
        var title: String
        var detail: String?
        var sortKey: Date
        var order: Int
    }

    struct TimelinePayment {
        var id: String
        var state: String
        var kind: String
        var amount: String
        var wallet: String
        var counterparty: String
        var provider: String
        var reference: String
        var failure: String?
        var refund: String?
        var needsReview: Bool
    }

    struct KeyValue {
        var key: String
        var value: String
    }

    /// The timeline of one payment: every record, in time order (records of the same instant in the order the
    /// payment's story runs: request, routing, attempts, calls, notifications, ledger, events, anomalies, resolutions).
    static func steps(_ timeline: PaymentTimeline, calls: [ProviderCallJournal.Call]) -> [Step] {
        let payment = timeline.payment
        var steps: [Step] = []
        func add(_ at: Date, _ kind: String, _ label: String, _ title: String, _ detail: String? = nil, order: Int) {
            steps.append(Step(at: ConsoleFormat.time(at), kind: kind, label: label, title: title, detail: detail, sortKey: at, order: order))
        }
        add(payment.createdAt, "request", "Request",
            "\(payment.kind == .topUp ? "Top-up" : "Withdrawal") of \(ConsoleFormat.amount(payment.amount)) for wallet \(payment.walletID.rawValue)",
            "idempotency key \(payment.idempotencyKey); \(payment.counterparty.description)", order: 0)
        if let routing = payment.routing {
            var detail = "candidates in order: \(routing.candidates.map(\.rawValue).joined(separator: ", "))"
            if !routing.skipped.isEmpty {
                detail += "; skipped: " + routing.skipped.map { "\($0.provider) (\($0.reason))" }.joined(separator: "; ")
            }
            add(payment.createdAt, "routing", "Routing", "rule \(routing.rule ?? "none") chose \(routing.candidates.first?.rawValue ?? "no provider")",
                detail, order: 1)
        }
        for attempt in timeline.attempts {
            var detail = "reference \(attempt.reference)"
            if let id = attempt.providerTransactionID { detail += "; provider transaction \(id)" }
            detail += "; sent \(ConsoleFormat.time(attempt.sentAt))"
            detail += "; last change \(ConsoleFormat.time(attempt.updatedAt))"
            add(attempt.createdAt, "attempt", "Attempt \(attempt.number)", "at \(attempt.provider.rawValue): \(attempt.status.rawValue)", detail, order: 2)
        }
        for call in calls {
            add(call.at, "call", "Provider call", "\(call.provider.rawValue) \(call.operation.rawValue): \(callOutcome(call.outcome))",
                "\(call.durationMillis) ms", order: 3)
        }
        for notification in timeline.notifications {
            var detail = "from \(notification.entry.provider.rawValue), dedupe key \(notification.entry.dedupeKey)"
            if let why = notification.detail { detail += "; \(why)" }
            add(notification.entry.receivedAt, "notification", "Notification",
                "\(notification.entry.event): \(notification.status.rawValue)", detail, order: 4)
        }
        for transfer in timeline.transfers {
            add(transfer.createdAt, "ledger", "Ledger #\(transfer.id)", transferTitle(transfer),
                "debit \(transfer.debitAccount), credit \(transfer.creditAccount)" + (transfer.flagged ? "; flagged: it took an account below zero" : ""),
                order: 5)
        }
        for event in timeline.events {
            var detail = "event \(event.eventID); "
            if let delivered = event.deliveredAt {
                detail += "delivered \(ConsoleFormat.time(delivered)) after \(event.deliveryAttempts) attempt\(event.deliveryAttempts == 1 ? "" : "s")"
            } else if let dead = event.deadAt {
                detail += "gave up \(ConsoleFormat.time(dead)) after \(event.deliveryAttempts) attempts (hub events redeliver puts it back)"
            } else {
                detail += "not delivered yet: \(event.deliveryAttempts) attempts, next \(ConsoleFormat.time(event.nextAttemptAt))"
            }
            if let error = event.lastError { detail += "; last error: \(error)" }
            add(event.createdAt, "event", "Event to the wallet", event.type.rawValue, detail, order: 6)
        }
        for anomaly in timeline.anomalies {
            add(anomaly.createdAt, "anomaly", "Anomaly", anomaly.detail, "recorded by \(anomaly.source)", order: 7)
        }
        for resolution in timeline.resolutions {
            add(resolution.createdAt, "resolution", "Resolved",
                "\(resolution.subject == .refund ? "refund " : "")as \(resolution.resolvedAs.rawValue) by \(resolution.operator)",
                "reason: \(resolution.reason); the payment was \(resolution.stateBefore.rawValue)", order: 8)
        }
        return steps.enumerated().sorted { a, b in
            (a.element.sortKey, a.element.order, a.offset) < (b.element.sortKey, b.element.order, b.offset)
        }.map(\.element)
    }

    static func callOutcome(_ outcome: ProviderCallJournal.Outcome) -> String {
        switch outcome {
        case .succeeded: "answered succeeded"
        case .failed: "answered failed"
        case .pending: "answered pending"
        case .answered: "answered"
        case .notSent: "not sent"
        case .ambiguous: "ambiguous (no usable answer: it may have arrived)"
        }
    }

    static func transferTitle(_ transfer: TimelineTransfer) -> String {
        let amount = ConsoleFormat.amount(transfer.amount)
        return switch transfer.kind {
        case .posted: "\(amount) moved from \(transfer.debitAccount) to \(transfer.creditAccount)"
        case .hold: "\(amount) held on \(transfer.debitAccount)"
        case .post: "hold #\(transfer.pendingID.map(String.init) ?? "?") posted: \(amount) left \(transfer.debitAccount)"
        case .void: "hold #\(transfer.pendingID.map(String.init) ?? "?") released: \(amount) back to \(transfer.debitAccount)"
        case .reversal: "\(amount) moved back from \(transfer.debitAccount) to \(transfer.creditAccount)"
        }
    }

    /// One sentence on where the payment's money is, from its state and the transfers it booked.
    static func whereIsTheMoney(_ timeline: PaymentTimeline) -> String {
        let payment = timeline.payment
        let amount = ConsoleFormat.amount(payment.amount)
        let resolved = Set(timeline.transfers.compactMap(\.pendingID))
        let openHolds = timeline.transfers.filter { $0.kind == .hold && !resolved.contains($0.id) }
        var sentence: String
        switch (payment.kind, payment.state) {
        case (.topUp, .created), (.topUp, .pending):
            sentence = "Nothing is booked yet: the wallet is credited \(amount) when \(payment.provider.rawValue) confirms the top-up."
        case (.topUp, .succeeded):
            sentence = "The wallet was credited \(amount)."
        case (.topUp, .failed):
            sentence = timeline.transfers.isEmpty ? "Nothing was booked: the top-up failed." : "The top-up failed; see the ledger lines below."
        case (.topUp, .reversed):
            sentence = "The wallet was credited \(amount), and the refund took it back."
        case (.withdrawal, .created), (.withdrawal, .pending):
            sentence = "\(amount) is held on the wallet until \(payment.provider.rawValue) confirms or refuses the payout."
        case (.withdrawal, .succeeded):
            sentence = "\(amount) left the wallet and was paid out by \(payment.provider.rawValue)."
        case (.withdrawal, .failed):
            sentence = openHolds.isEmpty ? "Nothing left the wallet: the hold was released." : "The payout failed; a hold is still open."
        case (.withdrawal, .reversed):
            sentence = "\(amount) was paid out, then came back to the wallet."
        }
        if payment.kind == .topUp, payment.refundState == "requested" || payment.refundState == "pending", !openHolds.isEmpty {
            sentence += " A refund of \(amount) is in flight: the amount is held on the wallet until the provider confirms it."
        }
        if payment.needsReview { sentence += " An operator must decide: the anomalies below say why." }
        return sentence
    }

    struct ChartBar {
        var x: Int
        var y: Int
        var w: Int
        var h: Int
        var fy: Int
        /// The failed part's height; `nil` when none failed (Mustache takes 0 as true).
        var fh: Int?
    }

    struct Chart {
        var width: Int
        var height: Int
        var bars: [ChartBar]
    }

    /// One bar a minute: height by calls (scaled to the busiest minute), the failed part drawn over its foot.
    static func chart(_ minutes: [ProviderCallJournal.Minute], width: Int = 360, height: Int = 60) -> Chart {
        let busiest = max(1, minutes.map(\.calls).max() ?? 1)
        let step = max(1, width / max(1, minutes.count))
        let bars = minutes.enumerated().map { index, minute -> ChartBar in
            let h = minute.calls * (height - 2) / busiest
            let fh = minute.failures * (height - 2) / busiest
            return ChartBar(x: index * step, y: height - h, w: max(1, step - 1), h: h, fy: height - fh, fh: fh == 0 ? nil : fh)
        }
        return Chart(width: step * minutes.count, height: height, bars: bars)
    }
}
