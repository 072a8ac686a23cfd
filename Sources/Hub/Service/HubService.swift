import Foundation
import Logging

/// The hub's use cases over a `Store` and the registered providers: start a top-up or a withdrawal, follow
/// it to its end, apply what providers report.
///
/// Every provider call happens after the attempt (with its reference) is durably written, and every answer
/// goes through `PaymentStateMachine`. A payment is moved to the next provider only when the previous one
/// was provably not sent; an ambiguous failure leaves it pending for the status poller.
public final class HubService: Sendable {
    public let store: any Store
    public let registry: ProviderRegistry
    public let router: ProviderRouter
    let transport: any HTTPTransport
    let logger: Logger
    public let metrics: HubMetrics
    /// The hub's clock: every timestamp it writes and every signature tolerance it checks reads it.
    public let now: @Sendable () -> Date
    /// The callback URL for a provider, or `nil` when the hub has no address providers can reach.
    let callbackURL: @Sendable (ProviderID) -> String?
    /// The largest amount one payment may carry, per currency.
    public let limits: PaymentLimits
    /// How long a send may take before the poller treats it as abandoned (a crash) and resumes it: longer than
    /// any provider call with its token fetches and retries.
    public let sendLease: TimeInterval
    /// How recipient lookups behave, and the answers kept.
    public let lookupSettings: RecipientLookupSettings
    let lookupCache: RecipientLookupCache

    public init(
        store: any Store, registry: ProviderRegistry, transport: any HTTPTransport, logger: Logger,
        rules: [RoutingRule] = [], breakers: CircuitBreakers = CircuitBreakers(),
        callbackURL: @escaping @Sendable (ProviderID) -> String? = { _ in nil },
        metrics: HubMetrics = HubMetrics(), limits: PaymentLimits = PaymentLimits(), sendLease: TimeInterval = 180,
        lookups: RecipientLookupSettings = RecipientLookupSettings(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.lookupSettings = lookups
        self.lookupCache = RecipientLookupCache(lifetime: TimeInterval(lookups.cacheSeconds))
        self.limits = limits
        self.sendLease = sendLease
        self.store = store
        self.registry = registry
        self.router = ProviderRouter(registry: registry, rules: rules, breakers: breakers)
        self.transport = transport
        self.logger = logger
        self.callbackURL = callbackURL
        self.metrics = metrics
        self.now = now
    }

    /// The outcome of a request: the payment, and whether it was created now or found by its idempotency key.
    public struct Submission: Sendable {
        public var payment: Payment
        public var replayed: Bool
    }

    /// Records the payment, sends it to the first provider that can take it, and returns it as it stands
    /// after the provider's first answer (usually `pending`). Idempotent on `request.idempotencyKey`.
    ///
    /// A replay is answered before anything else (routing, limits): it never touches a circuit breaker and returns
    /// the payment as it stands, whatever the providers' state or the configuration now. An amount over `limits` is
    /// refused before anything is written.
    public func submit(_ request: PaymentRequest) async throws(HubError) -> Submission {
        do {
            if let existing = try await store.payment(idempotencyKey: request.idempotencyKey, requestHash: request.fingerprint) {
                return Submission(payment: existing, replayed: true)
            }
        } catch { throw HubError(error) }
        guard request.amount.minorUnits <= limits.maximum(for: request.amount.currency) else {
            metrics.paymentRejected("over_limit")
            throw HubError(.limitExceeded, "must be at most \(limits.maximum(for: request.amount.currency)) minor units of "
                           + request.amount.currency.code, field: "amount")
        }
        let route = router.route(request, now: now())
        guard let first = route.candidates.first else {
            let reasons = route.skipped.map { "\($0.provider): \($0.reason)" }.joined(separator: "; ")
            metrics.paymentRejected("no_route")
            throw HubError(.noRoute, "no provider can take this payment" + (reasons.isEmpty ? "" : " (\(reasons))"))
        }
        if request.kind == .withdrawal, request.requireActiveRecipient {
            try await requireActiveRecipient(request, candidates: route.candidates)
        }
        // Until the send below ends, the poller leaves the payment alone: `firstPollAt` is the send lease.
        let draft = PaymentDraft(
            id: .generate(), kind: request.kind, walletID: request.walletID, amount: request.amount,
            counterparty: request.counterparty, idempotencyKey: request.idempotencyKey,
            requestHash: request.fingerprint, provider: first, reference: Self.newReference(),
            metadata: request.metadata, routing: route, createdAt: now(), firstPollAt: now().addingTimeInterval(sendLease))
        let created: CreatePaymentResult
        do { created = try await store.createPayment(draft) } catch {
            if error.kind == .insufficientFunds { metrics.paymentRejected("insufficient_funds") }
            if error.kind == .unknownWallet { metrics.paymentRejected("unknown_wallet") }
            throw HubError(error)
        }
        switch created {
        case .existing(let payment):
            return Submission(payment: payment, replayed: true)
        case .created(let payment):
            metrics.paymentCreated(payment)
            return Submission(payment: try await send(payment, candidates: route.candidates), replayed: false)
        }
    }

    /// Sends the payment's current attempt, failing over to the next candidate while attempts are not sent.
    ///
    /// The payment is this call's alone while it runs: the send lease keeps the poller away, a failover renews
    /// it, and the answer is applied to the attempt it answers. A half-open provider is called only if this
    /// request takes its probe; otherwise it is passed over like a provider that was not reached.
    func send(_ initial: Payment, candidates: [ProviderID]) async throws(HubError) -> Payment {
        var payment = initial
        var remaining = candidates.drop { $0 != payment.provider }.dropFirst()
        var lastFailure: ProviderError?
        while true {
            let reference = payment.providerReference
            let failure: ProviderError
            if router.breakers.acquire(payment.provider, now: now()) {
                let outcome: Result<ProviderResult, ProviderError>
                do { outcome = .success(try await call(payment)) } catch { outcome = .failure(error) }
                switch outcome {
                case .success(let result):
                    router.breakers.recordSuccess(payment.provider)
                    return try await apply(.providerResult(result), to: payment.id, attempt: reference,
                                           source: "\(payment.provider):response", nextPollAt: firstPoll(payment))
                case .failure(let error) where error.kind == .notSent:
                    router.breakers.recordFailure(payment.provider, now: now())
                    logger.warning("provider call not sent", metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)", "reason": "\(error.reason)"])
                    failure = error
                case .failure(let error):
                    router.breakers.recordFailure(payment.provider, now: now())
                    logger.warning("provider outcome unknown", metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)", "reason": "\(error.reason)"])
                    return try await apply(.outcomeUnknown, to: payment.id, attempt: reference, source: "\(payment.provider):response",
                                           nextPollAt: firstPoll(payment))
                }
            } else {
                failure = ProviderError(.notSent, provider: payment.provider, reason: "circuit half-open with its probe in flight")
            }
            lastFailure = failure
            let stillOurs: Bool
            do { stillOurs = try await store.markAttemptNotSent(payment.id, reference: reference, at: now()) } catch { throw HubError(error) }
            // Someone else moved the payment on (an operator, a late answer): it is theirs now.
            guard stillOurs else { return try await self.payment(payment.id) }
            guard let next = remaining.popFirst() else { break }
            do {
                payment = try await store.addAttempt(to: payment.id, after: reference, provider: next, reference: Self.newReference(),
                                                     at: now(), leaseUntil: now().addingTimeInterval(sendLease))
            } catch { throw HubError(error) }
        }
        let failure = PaymentFailure(reason: .providerUnavailable, providerCode: nil,
                                     message: "no provider could be reached" + (lastFailure.map { " (\($0.provider))" } ?? ""))
        return try await apply(.notSentAnywhere(failure), to: payment.id, attempt: payment.providerReference, source: "hub")
    }

    /// When the poller first asks about a payment just sent: after the provider's usual callback delay.
    func firstPoll(_ payment: Payment) -> Date {
        now().addingTimeInterval(TimeInterval(registry[payment.provider]?.capabilities.expectedCallbackSeconds ?? 30))
    }

    func call(_ payment: Payment, resending: Bool = false) async throws(ProviderError) -> ProviderResult {
        guard let provider = registry[payment.provider] else {
            throw ProviderError(.notSent, provider: payment.provider, reason: "provider not configured")
        }
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        let description = payment.kind == .topUp ? "Miliano top-up" : "Miliano withdrawal"
        switch payment.kind {
        case .topUp:
            var request = CollectRequest(
                paymentID: payment.id, reference: payment.providerReference, amount: payment.amount,
                payer: payment.counterparty, callbackURL: callbackURL(provider.id), description: description)
            request.isResend = resending
            return try await metrics.providerCall(provider.id, .collect, payment: payment.id) { () async throws(ProviderError) in
                try await provider.collect(request, context: context)
            }
        case .withdrawal:
            guard let provider = provider as? any PayingProvider else {
                throw ProviderError(.notSent, provider: payment.provider, reason: "the provider does not pay out")
            }
            var request = PayoutRequest(
                paymentID: payment.id, reference: payment.providerReference, amount: payment.amount,
                payee: payment.counterparty, callbackURL: callbackURL(provider.id), description: description)
            request.isResend = resending
            return try await metrics.providerCall(provider.id, .payout, payment: payment.id) { () async throws(ProviderError) in
                try await provider.payout(request, context: context)
            }
        }
    }

    /// Runs an input through the state machine and stores the result. `source` says where it came from;
    /// `attempt`, when known, which attempt it answers.
    @discardableResult
    public func apply(_ input: PaymentInput, to id: PaymentID, attempt: String? = nil, source: String,
                      nextPollAt: Date? = nil) async throws(HubError) -> Payment {
        do {
            let result = try await store.apply(input, to: id, attempt: attempt, source: source, at: now(), nextPollAt: nextPollAt)
            metrics.record(result.decision, of: result.payment)
            switch result.decision {
            case .anomaly(let detail):
                logger.error("payment anomaly", metadata: ["payment_id": "\(id)", "source": "\(source)", "detail": "\(detail)"])
            case .transition(let state, _, _, _):
                logger.info("payment \(state.rawValue)", metadata: ["payment_id": "\(id)", "source": "\(source)"])
            case .rejected(let reason):
                throw HubError(.invalidState, reason)
            case .unchanged:
                break
            }
            return result.payment
        } catch let error as StoreError {
            throw HubError(error)
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    /// Asks the provider for the current attempt's status and applies a definite answer. A provider that
    /// cannot answer leaves the payment as it is; one whose answer says only an operator can settle it flags the
    /// payment for review. A final payment is asked about only when `evenIfFinal` (a hint contradicting it).
    @discardableResult
    public func refresh(_ id: PaymentID, evenIfFinal: Bool = false) async throws(HubError) -> Payment {
        let payment = try await self.payment(id)
        guard !payment.state.isFinal || evenIfFinal, let provider = registry[payment.provider] else { return payment }
        if payment.state == .created { return try await resume(payment) }
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        let attempts: [PaymentAttempt]
        do { attempts = try await store.attempts(of: id) } catch { throw HubError(error) }
        let current = attempts.last { $0.reference == payment.providerReference }
        let lookup = AttemptLookup(kind: payment.kind, reference: payment.providerReference,
                                   providerTransactionID: current?.providerTransactionID, createdAt: current?.createdAt,
                                   sentAt: current?.sentAt, amount: payment.amount, callbackURL: callbackURL(provider.id))
        do {
            let result = try await metrics.providerCall(provider.id, .status, payment: payment.id) { () async throws(ProviderError) in
                try await provider.status(of: lookup, context: context)
            }
            return try await apply(.providerResult(result), to: id, attempt: lookup.reference, source: "\(provider.id):status")
        } catch let error as ProviderError where error.needsReview {
            guard !payment.needsReview else { return payment }
            return try await flagForReview(payment, source: "\(provider.id):status", detail: error.reason)
        } catch let error as ProviderError {
            logger.info("status query inconclusive", metadata: ["payment_id": "\(id)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
            return payment
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    /// Sends a payment left `created` (the process stopped around the provider call, or its send lease ran out)
    /// again under the same reference, after taking the send lease. The provider's idempotency on that
    /// reference makes a repeat harmless: MoMo answers 409 and the adapter asks for the status; Stripe replays
    /// its saved answer. Never a new reference, never a failover: the first request may have arrived. If the
    /// provider still cannot be reached, the payment stays `created` for the next poll. Past the provider's
    /// idempotency window a repeat would be a new payment, and a top-up at a provider without idempotency for them
    /// (`resendsTopUps`) could be charged twice: either goes to review instead.
    func resume(_ payment: Payment) async throws(HubError) -> Payment {
        let attempt: PaymentAttempt?
        do { attempt = try await store.attempts(of: payment.id).last { $0.reference == payment.providerReference } } catch { throw HubError(error) }
        if let window = registry[payment.provider]?.capabilities.idempotencyWindow, let attempt,
           now().timeIntervalSince(attempt.createdAt) > window {
            guard !payment.needsReview else { return payment }
            return try await flagForReview(payment, source: "hub:resume",
                                           detail: "left unsent past \(payment.provider)'s idempotency window; sending it again could pay twice")
        }
        if payment.kind == .topUp, registry[payment.provider]?.capabilities.resendsTopUps == false {
            guard !payment.needsReview else { return payment }
            return try await flagForReview(payment, source: "hub:resume", detail: "a top-up left unsent-or-unknown at \(payment.provider) "
                                           + "cannot be sent again safely: it has no idempotency key, and the first may have reached the payer")
        }
        let leased: Bool
        do {
            leased = try await store.beginResend(payment.id, reference: payment.providerReference, at: now(),
                                                 leaseUntil: now().addingTimeInterval(sendLease))
        } catch { throw HubError(error) }
        guard leased else { return try await self.payment(payment.id) }
        do {
            let result = try await call(payment, resending: true)
            return try await apply(.providerResult(result), to: payment.id, attempt: payment.providerReference,
                                   source: "\(payment.provider):resume", nextPollAt: firstPoll(payment))
        } catch let error as ProviderError where error.kind == .notSent {
            logger.warning("resume not sent", metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)", "reason": "\(error.reason)"])
            return payment
        } catch let error as ProviderError {
            logger.warning("resume outcome unknown", metadata: ["payment_id": "\(payment.id)", "provider": "\(payment.provider)", "reason": "\(error.reason)"])
            return try await apply(.outcomeUnknown, to: payment.id, attempt: payment.providerReference, source: "\(payment.provider):resume",
                                   nextPollAt: firstPoll(payment))
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    /// Flags the payment for an operator (anomaly, `needs_review`, an event for the wallet) and returns it.
    func flagForReview(_ payment: Payment, source: String, detail: String) async throws(HubError) -> Payment {
        do { try await store.flagForReview(payment.id, source: source, detail: detail, at: now()) } catch { throw HubError(error) }
        metrics.record(.anomaly(detail), of: payment)
        logger.warning("payment needs review", metadata: ["payment_id": "\(payment.id)", "source": "\(source)", "detail": "\(detail)"])
        return try await self.payment(payment.id)
    }

    public func payment(_ id: PaymentID) async throws(HubError) -> Payment {
        do {
            guard let payment = try await store.payment(id) else { throw HubError(.notFound, "no payment \(id)") }
            return payment
        } catch let error as StoreError { throw HubError(error) } catch let error as HubError { throw error } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    /// A fresh attempt reference: a random UUIDv4, which every provider accepts as an idempotency key.
    static func newReference() -> String { UUID().uuidString.lowercased() }
}
