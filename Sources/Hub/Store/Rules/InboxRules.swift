import Foundation

/// What a verified notification does, for every store: recorded once under its dedupe key, acted on in the same
/// transaction, and its inbox row says what it did.
enum InboxRules {
    static func receive(_ tx: some StoreTransaction, _ entry: InboxEntry, action: NotificationAction?, paymentID: PaymentID?,
                        at time: Date) throws -> NotificationReceipt {
        let initial: InboxStatus = paymentID == nil ? .unknownPayment : action == nil ? .ignored : .applied
        guard let row = try tx.insertInbox(entry, paymentID: paymentID, status: initial) else { return .duplicate }
        guard let paymentID, let action else { return .kept }
        let source = "\(entry.provider):notification"
        var result: ApplyResult
        let status: InboxStatus
        var detail: String?
        switch action {
        case .payment(let input):
            result = try PaymentRules.apply(tx, input, to: paymentID, attempt: entry.reference, source: source, at: time)
            switch result.decision {
            case .transition: status = .applied
            case .unchanged: status = .unchanged
            case .anomaly(let reason):
                status = .anomaly
                detail = reason
            case .rejected(let reason):
                // Kept, visible, and applied by `PaymentRules.apply` once the payment reaches a state that allows it.
                var record = try PaymentRules.record(tx, paymentID)
                try PaymentRules.flag(tx, record: &record, source: source, detail: "notification held: \(reason)", at: time)
                result.payment = record.payment
                status = .held
                detail = reason
            }
        case .refund(let outcome, let reference):
            result = try RefundRules.recordOutcome(tx, of: paymentID, outcome, refundReference: reference, source: source, at: time,
                                                   nextPollAt: nil)
            switch result.decision {
            case .transition: status = .applied
            case .unchanged: status = .unchanged
            case .anomaly(let reason), .rejected(let reason):
                status = .anomaly
                detail = reason
            }
        case .review(let reason):
            var record = try PaymentRules.record(tx, paymentID)
            try PaymentRules.flag(tx, record: &record, source: source, detail: reason, at: time)
            result = ApplyResult(payment: record.payment, decision: .anomaly(reason))
            status = .review
            detail = reason
        }
        try tx.updateInbox(row, status: status, detail: detail.map { String($0.prefix(500)) })
        return .applied(result)
    }
}
