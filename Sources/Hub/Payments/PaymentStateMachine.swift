/// Everything that can happen to a payment, from any source: the synchronous answer, a poll, a webhook.
public enum PaymentInput: Sendable, Equatable {
    /// The provider answered: accepted and waiting, succeeded or declined.
    case providerResult(ProviderResult)
    /// The request may have reached the provider but no usable answer came back (timeout, 5xx, garbage).
    case outcomeUnknown
    /// No provider could be reached and there is nowhere left to try: nothing was sent.
    case notSentAnywhere(PaymentFailure)
    /// A succeeded payment is undone (a refund, a returned payout).
    case reversal
    /// An operator settles a payment flagged for review, on evidence from outside the hub (a statement, the
    /// provider's support): `hub payments resolve`.
    case resolution(Resolution)
}

/// The outcome an operator gives a payment flagged for review.
public enum Resolution: String, Sendable, Equatable, Codable, CaseIterable {
    case succeeded, failed
}

/// What the state machine decided. Deciding performs nothing: the store carries it out in one transaction.
public enum PaymentDecision: Sendable, Equatable {
    /// Move to `to`; `ledger` says which entries the move writes, `event` which event the wallet receives.
    case transition(to: PaymentState, ledger: LedgerAction, event: PaymentEventType, failure: PaymentFailure?)
    /// Nothing to do: the input repeats what is known (a duplicate callback, a pending poll on a pending payment).
    case unchanged
    /// The input contradicts a final state (FAILED after SUCCESSFUL): record it for operators, move no money.
    case anomaly(String)
    /// The input cannot apply to this payment (reversing a failed payment): the caller made a mistake.
    case rejected(String)
}

/// Ledger effect of a transition, by payment kind. See `Ledger` for the entries each writes.
public enum LedgerAction: Sendable, Equatable {
    case none
    /// Top-up succeeded: debit the provider's clearing account, credit the wallet.
    case creditWallet
    /// Withdrawal succeeded: post the hold placed when it was created.
    case postHold
    /// Withdrawal failed: void the hold, releasing the funds.
    case voidHold
    /// Undo a succeeded payment with a new, opposite entry.
    case reverse
    /// Withdrawal found paid after it failed (its hold is gone): debit the wallet, credit the clearing account,
    /// flagged if the wallet no longer covers it.
    case debitWallet
}

/// The event the wallet backend receives for a transition.
public enum PaymentEventType: String, Sendable, Codable, CaseIterable {
    case pending = "payment.pending"
    case succeeded = "payment.succeeded"
    case failed = "payment.failed"
    case reversed = "payment.reversed"
    /// The payment needs an operator: an anomaly, a dispute, an outcome only a person can settle.
    case needsReview = "payment.needs_review"
    /// A refund of the payment was started: the amount is held on the wallet.
    case refundRequested = "payment.refund_requested"
    /// A refund the provider declined or failed: the hold is released and the payment stands.
    case refundFailed = "payment.refund_failed"
}

/// The one place that says how a payment's state may change. Pure: no I/O, no clock.
///
/// ```
/// created ──► pending ──► succeeded ──► reversed
///    │           └──────► failed
///    └──► failed (declined, or nothing sent anywhere)
/// ```
/// `pending` absorbs every unknown outcome. Final states are sticky: a repeat of the final outcome is
/// `unchanged`, a contradiction is an `anomaly`, and neither moves money.
public enum PaymentStateMachine {
    public static func decide(kind: PaymentKind, state: PaymentState, input: PaymentInput) -> PaymentDecision {
        switch (state, input) {
        case (.created, .providerResult(.pending)), (.created, .outcomeUnknown):
            return .transition(to: .pending, ledger: .none, event: .pending, failure: nil)
        case (.pending, .providerResult(.pending)), (.pending, .outcomeUnknown):
            return .unchanged
        case (.created, .providerResult(.succeeded)), (.pending, .providerResult(.succeeded)):
            return .transition(to: .succeeded, ledger: kind == .topUp ? .creditWallet : .postHold, event: .succeeded, failure: nil)
        case (.created, .providerResult(.failed(let failure))), (.pending, .providerResult(.failed(let failure))):
            return .transition(to: .failed, ledger: kind == .topUp ? .none : .voidHold, event: .failed, failure: failure)
        case (.created, .notSentAnywhere(let failure)):
            return .transition(to: .failed, ledger: kind == .topUp ? .none : .voidHold, event: .failed, failure: failure)
        case (.pending, .notSentAnywhere):
            return .rejected("a pending payment was sent; only the provider can end it")
        case (.created, .reversal), (.pending, .reversal):
            return .rejected("only a succeeded payment can be reversed")
        case (.succeeded, .reversal):
            return .transition(to: .reversed, ledger: .reverse, event: .reversed, failure: nil)
        case (.succeeded, .providerResult(.succeeded)), (.failed, .providerResult(.failed)),
             (.reversed, .providerResult(.succeeded)), (.reversed, .reversal):
            return .unchanged
        case (.succeeded, .providerResult(.pending)), (.failed, .providerResult(.pending)),
             (.reversed, .providerResult(.pending)), (.succeeded, .outcomeUnknown),
             (.failed, .outcomeUnknown), (.reversed, .outcomeUnknown):
            return .unchanged
        case (.succeeded, .providerResult(.failed(let failure))):
            return .anomaly("provider reported failure (\(failure.providerCode ?? failure.reason.rawValue)) after success")
        case (.reversed, .providerResult(.failed(let failure))):
            return .anomaly("provider reported failure (\(failure.providerCode ?? failure.reason.rawValue)) after reversal")
        case (.failed, .providerResult(.succeeded)):
            return .anomaly("provider reported success after a definite failure")
        case (.failed, .reversal):
            return .anomaly("reversal reported for a failed payment")
        case (.succeeded, .notSentAnywhere), (.failed, .notSentAnywhere), (.reversed, .notSentAnywhere):
            return .rejected("the payment already has a final outcome")
        case (.created, .resolution(.succeeded)), (.pending, .resolution(.succeeded)):
            return .transition(to: .succeeded, ledger: kind == .topUp ? .creditWallet : .postHold, event: .succeeded, failure: nil)
        case (.created, .resolution(.failed)), (.pending, .resolution(.failed)):
            return .transition(to: .failed, ledger: kind == .topUp ? .none : .voidHold, event: .failed, failure: operatorFailure)
        case (.succeeded, .resolution(.succeeded)), (.failed, .resolution(.failed)):
            return .unchanged
        case (.failed, .resolution(.succeeded)):
            return .transition(to: .succeeded, ledger: kind == .topUp ? .creditWallet : .debitWallet, event: .succeeded, failure: nil)
        case (.succeeded, .resolution(.failed)):
            return .transition(to: .failed, ledger: .reverse, event: .failed, failure: operatorFailure)
        case (.reversed, .resolution(.succeeded)):
            // It succeeded and was given back: the operator confirms it stands as it is.
            return .unchanged
        case (.reversed, .resolution(.failed)):
            return .rejected("a reversed payment was given back already; correct it with a new payment")
        }
    }

    static let operatorFailure = PaymentFailure(reason: .resolvedByOperator, providerCode: nil, message: "settled as failed by an operator")
}
