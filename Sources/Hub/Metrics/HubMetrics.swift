import Foundation
import Metrics

/// The hub's metric names and the one-line helpers its call sites use, emitted through swift-metrics.
///
/// Label values come only from fixed vocabularies (kinds, states, operations, classes) and configured
/// provider ids: never a payment id, a reference, a phone number or an amount, so the number of series
/// stays bounded and a scrape reveals no customer data.
public struct HubMetrics: Sendable {
    public enum Name {
        public static let paymentsCreated = "hub_payments_created_total"
        public static let paymentsFinished = "hub_payments_finished_total"
        public static let providerRequestDuration = "hub_provider_request_duration_seconds"
        public static let providerErrors = "hub_provider_errors_total"
        public static let webhookDeliveries = "hub_webhook_deliveries_total"
        public static let webhooksRejected = "hub_webhooks_rejected_total"
        public static let outboxBacklog = "hub_outbox_backlog"
        public static let outboxOldestAge = "hub_outbox_oldest_age_seconds"
        public static let pendingPayments = "hub_pending_payments"
        public static let circuitState = "hub_circuit_state"
        public static let ledgerPostings = "hub_ledger_postings_total"
        public static let paymentAnomalies = "hub_payment_anomalies_total"
        public static let paymentsRejected = "hub_payments_rejected_total"

        /// One line of help per metric, for the exposition's `# HELP` lines (swift-metrics carries none).
        public static let help: [String: String] = [
            paymentsCreated: "Payments recorded, by kind and provider.",
            paymentsFinished: "Payments that reached a final state, by kind, provider and state.",
            providerRequestDuration: "Time of provider API calls, by provider and operation.",
            providerErrors: "Provider calls that failed, by class: not sent, ambiguous, or declined.",
            webhookDeliveries: "Provider notifications received, by provider and result.",
            webhooksRejected: "Provider notifications refused at the intake, by provider and reason.",
            outboxBacklog: "Events for the wallet backend not delivered yet.",
            outboxOldestAge: "Age in seconds of the oldest undelivered event.",
            pendingPayments: "Payments not final yet, by age band.",
            circuitState: "Circuit breaker per provider: 0 closed, 1 half-open, 2 open.",
            ledgerPostings: "Ledger postings, by kind.",
            paymentAnomalies: "Contradictory provider reports recorded for operators.",
            paymentsRejected: "Payment requests refused before anything was written, by reason.",
        ]
    }

    public enum ProviderOperation: String, Sendable, CaseIterable { case collect, payout, status, refund, lookup }

    /// What became of a provider notification at the intake. `verified`: its signature checked (or, unsigned,
    /// confirmed by a status query) and applied; `rejected`: refused with 4xx; `duplicate`: already received;
    /// `unmatched`: acknowledged but applied to no payment.
    public enum WebhookResult: String, Sendable, CaseIterable { case verified, rejected, duplicate, unmatched }

    /// Why the intake refused a notification: a wrong path token, a provider that takes none, the provider's rate
    /// or concurrent-body limit (`WebhookIntakeLimits`), a body too large or too slow, a failed verification, an
    /// unreadable body.
    public enum WebhookRejection: String, Sendable, CaseIterable {
        case badToken = "bad_token"
        case unknownProvider = "unknown_provider"
        case rateLimited = "rate_limited"
        case tooManyBodies = "too_many_bodies"
        case tooLarge = "too_large"
        case timeout
        case unauthenticated
        case malformed
    }

    private let fixedFactory: (any MetricsFactory)?
    /// Every provider call this process made, for the operator console (bounded, in memory).
    public let calls: ProviderCallJournal

    /// Emits through the process-wide `MetricsSystem` factory, read at each emission (a no-op until bootstrapped).
    public init(calls: ProviderCallJournal = ProviderCallJournal()) {
        fixedFactory = nil
        self.calls = calls
    }

    /// Emits through `factory` only, whatever the process-wide bootstrap: an isolated registry per test.
    public init(factory: any MetricsFactory, calls: ProviderCallJournal = ProviderCallJournal()) {
        fixedFactory = factory
        self.calls = calls
    }

    var factory: any MetricsFactory { fixedFactory ?? MetricsSystem.factory }

    func paymentCreated(_ payment: Payment) {
        count(Name.paymentsCreated, ["kind": payment.kind.rawValue, "provider": payment.provider.rawValue])
        if payment.kind == .withdrawal { ledgerPosting("hold") }
    }

    /// Counts what a stored decision did: a final transition, its ledger posting, or an anomaly.
    func record(_ decision: PaymentDecision, of payment: Payment) {
        switch decision {
        case .transition(let state, let ledger, _, _):
            if state.isFinal {
                count(Name.paymentsFinished, ["kind": payment.kind.rawValue, "provider": payment.provider.rawValue, "state": state.rawValue])
            }
            if let kind = Self.postingKind(ledger) { ledgerPosting(kind) }
        case .anomaly:
            count(Name.paymentAnomalies, [:])
        case .unchanged, .rejected:
            break
        }
    }

    /// Counts what a refund outcome did: a succeeded refund reverses the payment (counted as its transition);
    /// a pending or failed one leaves the payment where it was and counts only its ledger posting.
    func record(refund decision: PaymentDecision, of payment: Payment) {
        switch decision {
        case .transition(.reversed, _, _, _):
            record(decision, of: payment)
        case .transition(_, let ledger, _, _):
            if let kind = Self.postingKind(ledger) { ledgerPosting(kind) }
        case .anomaly:
            count(Name.paymentAnomalies, [:])
        case .unchanged, .rejected:
            break
        }
    }

    /// Counts a request refused before anything was written: `no_route`, `insufficient_funds`, `unknown_wallet`.
    func paymentRejected(_ reason: String) {
        count(Name.paymentsRejected, ["reason": reason])
    }

    /// Creates the unlabeled anomaly counter at zero, so the series exists (and `increase()` works) before the first anomaly.
    func declareAnomalies() {
        _ = Counter(label: Name.paymentAnomalies, dimensions: [], factory: factory)
    }

    /// `hold` (withdrawal or refund), `credit_wallet`, `post_hold`, `void_hold` or `reverse`.
    func ledgerPosting(_ kind: String) {
        count(Name.ledgerPostings, ["kind": kind])
    }

    /// Times one provider request and counts how it went wrong: `not_sent` or `ambiguous` when it threw,
    /// `declined` when the provider answered with a decline.
    func providerCall(
        _ provider: ProviderID, _ operation: ProviderOperation, payment: PaymentID? = nil,
        _ body: () async throws(ProviderError) -> ProviderResult
    ) async throws(ProviderError) -> ProviderResult {
        let start = ContinuousClock.now
        var outcome = ProviderCallJournal.Outcome.ambiguous
        defer { finished(provider, operation, payment: payment, outcome: outcome, after: ContinuousClock.now - start) }
        do {
            let result = try await body()
            switch result {
            case .succeeded: outcome = .succeeded
            case .pending: outcome = .pending
            case .failed:
                outcome = .failed
                count(Name.providerErrors, ["provider": provider.rawValue, "class": "declined"])
            }
            return result
        } catch {
            outcome = error.kind == .notSent ? .notSent : .ambiguous
            count(Name.providerErrors, ["provider": provider.rawValue, "class": outcome.rawValue])
            throw error
        }
    }

    private func finished(_ provider: ProviderID, _ operation: ProviderOperation, payment: PaymentID?,
                          outcome: ProviderCallJournal.Outcome, after duration: Duration) {
        Timer(label: Name.providerRequestDuration, dimensions: [("provider", provider.rawValue), ("operation", operation.rawValue)],
              factory: factory).record(duration: duration)
        let (seconds, attoseconds) = duration.components
        calls.record(.init(provider: provider, operation: operation, paymentID: payment, outcome: outcome,
                           durationMillis: seconds * 1000 + attoseconds / 1_000_000_000_000_000, at: Date()))
    }

    /// Times one provider request whose answer is not a payment outcome (a recipient lookup), counting failures as
    /// `providerCall` does.
    func providerCall<Answer>(
        _ provider: ProviderID, _ operation: ProviderOperation, answering body: () async throws(ProviderError) -> Answer
    ) async throws(ProviderError) -> Answer {
        let start = ContinuousClock.now
        var outcome = ProviderCallJournal.Outcome.answered
        defer { finished(provider, operation, payment: nil, outcome: outcome, after: ContinuousClock.now - start) }
        do {
            return try await body()
        } catch {
            outcome = error.kind == .notSent ? .notSent : .ambiguous
            count(Name.providerErrors, ["provider": provider.rawValue, "class": outcome.rawValue])
            throw error
        }
    }

    /// `provider` must be a configured provider id (or a fixed word such as `unknown`), never text from a request.
    public func webhookDelivery(_ provider: String, _ result: WebhookResult) {
        count(Name.webhookDeliveries, ["provider": provider, "result": result.rawValue])
    }

    /// Counts a refused notification in `hub_webhooks_rejected_total` (and as `rejected` among the deliveries).
    /// `provider` as for `webhookDelivery`.
    public func webhookRejected(_ provider: String, _ reason: WebhookRejection) {
        count(Name.webhooksRejected, ["provider": provider, "reason": reason.rawValue])
        webhookDelivery(provider, .rejected)
    }

    func gauge(_ name: String, _ value: Double, labels: KeyValuePairs<String, String> = [:]) {
        Gauge(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory).record(value)
    }

    private func count(_ name: String, _ labels: KeyValuePairs<String, String>) {
        Counter(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory).increment()
    }

    private static func postingKind(_ action: LedgerAction) -> String? {
        switch action {
        case .none: nil
        case .creditWallet: "credit_wallet"
        case .postHold: "post_hold"
        case .voidHold: "void_hold"
        case .reverse: "reverse"
        case .debitWallet: "debit_wallet"
        }
    }
}
