import Foundation

/// One transaction as the provider's own records (its reporting) show it.
public struct ProviderRecord: Sendable, Equatable {
    public enum Status: String, Sendable { case pending, succeeded, failed }

    /// Our attempt reference, as the provider recorded it.
    public var reference: String
    public var kind: PaymentKind
    public var status: Status
    public var amount: Money

    public init(reference: String, kind: PaymentKind, status: Status, amount: Money) {
        self.reference = reference
        self.kind = kind
        self.status = status
        self.amount = amount
    }
}

/// A difference between the hub's view of a provider's payments and the provider's own record.
public struct ReconciliationMismatch: Sendable, Equatable, CustomStringConvertible {
    public var reference: String
    public var paymentID: PaymentID?
    public var problem: String

    public var description: String { "\(paymentID?.rawValue ?? "no payment") ref \(reference): \(problem)" }
}

/// Compares the hub's attempts at one provider with that provider's records.
///
/// Money moved at the provider must match money booked by the hub, both ways: a provider success the hub
/// does not show as succeeded (missing, failed, or still pending) is a mismatch, and so is a hub success the
/// provider does not confirm, or a different amount, currency or direction.
public enum Reconciler {
    public static func compare(hub attempts: [(payment: Payment, attempt: PaymentAttempt)], provider records: [ProviderRecord]) -> [ReconciliationMismatch] {
        var mismatches: [ReconciliationMismatch] = []
        var byReference: [String: (payment: Payment, attempt: PaymentAttempt)] = [:]
        for entry in attempts { byReference[entry.attempt.reference] = entry }
        var seen = Set<String>()
        for record in records {
            guard seen.insert(record.reference).inserted else {
                mismatches.append(.init(reference: record.reference, paymentID: byReference[record.reference]?.payment.id,
                                        problem: "the provider recorded this reference more than once"))
                continue
            }
            guard let (payment, attempt) = byReference[record.reference] else {
                if record.status != .failed {
                    mismatches.append(.init(reference: record.reference, paymentID: nil,
                                            problem: "provider shows \(record.status.rawValue) \(record.amount), the hub has no such attempt"))
                }
                continue
            }
            if record.amount != payment.amount || record.kind != payment.kind {
                mismatches.append(.init(reference: record.reference, paymentID: payment.id,
                                        problem: "provider shows \(record.kind.rawValue) \(record.amount), hub \(payment.kind.rawValue) \(payment.amount)"))
            }
            let current = attempt.reference == payment.providerReference
            switch (record.status, current ? payment.state : .failed) {
            case (.succeeded, .succeeded), (.succeeded, .reversed), (.failed, .failed), (.pending, .pending), (.pending, .created):
                break
            case (.succeeded, let state):
                mismatches.append(.init(reference: record.reference, paymentID: payment.id,
                                        problem: "provider shows succeeded, hub shows \(state.rawValue)"))
            case (let status, .succeeded), (let status, .reversed):
                mismatches.append(.init(reference: record.reference, paymentID: payment.id,
                                        problem: "hub shows \(payment.state.rawValue), provider shows \(status.rawValue)"))
            case (let status, let state):
                mismatches.append(.init(reference: record.reference, paymentID: payment.id,
                                        problem: "provider shows \(status.rawValue), hub shows \(state.rawValue)"))
            }
        }
        for (reference, entry) in byReference where !seen.contains(reference)
            && entry.attempt.reference == entry.payment.providerReference
            && (entry.payment.state == .succeeded || entry.payment.state == .reversed) {
            mismatches.append(.init(reference: reference, paymentID: entry.payment.id,
                                    problem: "hub shows \(entry.payment.state.rawValue), the provider has no record"))
        }
        return mismatches.sorted { $0.reference < $1.reference }
    }
}
