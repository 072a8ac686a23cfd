import Testing
@testable import Hub

@Suite struct PaymentStateMachineTests {
    static let failure = PaymentFailure(reason: .insufficientFunds, providerCode: "NOT_ENOUGH_FUNDS", message: "insufficient funds")
    static let inputs: [(String, PaymentInput)] = [
        ("pending", .providerResult(.pending(providerTransactionID: nil))),
        ("succeeded", .providerResult(.succeeded(providerTransactionID: "t1"))),
        ("failed", .providerResult(.failed(failure))),
        ("unknown", .outcomeUnknown),
        ("not_sent", .notSentAnywhere(PaymentFailure(reason: .providerUnavailable, message: "down"))),
        ("reversal", .reversal),
        ("resolved_succeeded", .resolution(.succeeded)),
        ("resolved_failed", .resolution(.failed)),
    ]

    /// Expected outcome per (state, input): a target state, "=" for unchanged, "!" for anomaly, "x" for rejected.
    /// Only an operator's resolution moves a final payment to the other final outcome.
    static let table: [PaymentState: [String: String]] = [
        .created: ["pending": "pending", "succeeded": "succeeded", "failed": "failed", "unknown": "pending", "not_sent": "failed", "reversal": "x",
                   "resolved_succeeded": "succeeded", "resolved_failed": "failed"],
        .pending: ["pending": "=", "succeeded": "succeeded", "failed": "failed", "unknown": "=", "not_sent": "x", "reversal": "x",
                   "resolved_succeeded": "succeeded", "resolved_failed": "failed"],
        .succeeded: ["pending": "=", "succeeded": "=", "failed": "!", "unknown": "=", "not_sent": "x", "reversal": "reversed",
                     "resolved_succeeded": "=", "resolved_failed": "failed"],
        .failed: ["pending": "=", "succeeded": "!", "failed": "=", "unknown": "=", "not_sent": "x", "reversal": "!",
                  "resolved_succeeded": "succeeded", "resolved_failed": "="],
        .reversed: ["pending": "=", "succeeded": "=", "failed": "!", "unknown": "=", "not_sent": "x", "reversal": "=",
                    "resolved_succeeded": "=", "resolved_failed": "x"],
    ]

    @Test(arguments: PaymentState.allCases, PaymentKind.allCases)
    func followsTheTable(state: PaymentState, kind: PaymentKind) {
        for (name, input) in Self.inputs {
            let decision = PaymentStateMachine.decide(kind: kind, state: state, input: input)
            let expected = Self.table[state]![name]!
            switch decision {
            case .transition(let to, _, _, _): #expect(to.rawValue == expected, "\(state) + \(name)")
            case .unchanged: #expect(expected == "=", "\(state) + \(name)")
            case .anomaly: #expect(expected == "!", "\(state) + \(name)")
            case .rejected: #expect(expected == "x", "\(state) + \(name)")
            }
        }
    }

    @Test(arguments: [PaymentState.failed, .reversed])
    func terminalStatesAreSticky(state: PaymentState) {
        for (_, input) in Self.inputs {
            if case .resolution = input { continue }  // an operator's word, checked by the table
            for kind in PaymentKind.allCases {
                if case .transition = PaymentStateMachine.decide(kind: kind, state: state, input: input) {
                    Issue.record("\(state) moved on \(input)")
                }
            }
        }
    }

    @Test func ledgerEffectsDependOnKind() {
        let success = PaymentInput.providerResult(.succeeded(providerTransactionID: nil))
        let failed = PaymentInput.providerResult(.failed(Self.failure))
        #expect(PaymentStateMachine.decide(kind: .topUp, state: .pending, input: success)
            == .transition(to: .succeeded, ledger: .creditWallet, event: .succeeded, failure: nil))
        #expect(PaymentStateMachine.decide(kind: .withdrawal, state: .pending, input: success)
            == .transition(to: .succeeded, ledger: .postHold, event: .succeeded, failure: nil))
        #expect(PaymentStateMachine.decide(kind: .topUp, state: .pending, input: failed)
            == .transition(to: .failed, ledger: .none, event: .failed, failure: Self.failure))
        #expect(PaymentStateMachine.decide(kind: .withdrawal, state: .created, input: failed)
            == .transition(to: .failed, ledger: .voidHold, event: .failed, failure: Self.failure))
        #expect(PaymentStateMachine.decide(kind: .topUp, state: .succeeded, input: .reversal)
            == .transition(to: .reversed, ledger: .reverse, event: .reversed, failure: nil))
    }

    @Test func contradictionsAreAnomaliesThatMoveNoMoney() {
        let decision = PaymentStateMachine.decide(kind: .topUp, state: .succeeded, input: .providerResult(.failed(Self.failure)))
        guard case .anomaly(let detail) = decision else {
            Issue.record("expected an anomaly, got \(decision)")
            return
        }
        #expect(detail.contains("NOT_ENOUGH_FUNDS"))
    }
}
