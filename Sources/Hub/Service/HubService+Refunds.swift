import Foundation

extension HubService {
    /// Refunds a succeeded top-up at its provider and reverses it in the ledger.
    ///
    /// The wallet's available balance must cover the amount: it is held before the provider is asked, so it
    /// cannot be withdrawn meanwhile. A refund the provider confirms at once reverses the payment; one it
    /// accepts for later stays held until its notification or the poller's status query ends it; one it
    /// declines releases the hold. One that provably never reached the provider releases the hold too and
    /// leaves the payment refundable: a retry with the same key sends it again. An unknown outcome keeps the
    /// hold until the provider says. A refund interrupted by a crash is sent again by the poller under the same
    /// reference once its lease runs out. Idempotent on `idempotencyKey`: a replay returns the payment as it stands.
    public func refund(_ id: PaymentID, idempotencyKey: String) async throws(HubError) -> Submission {
        guard (1...255).contains(idempotencyKey.utf8.count) else {
            throw HubError(.invalidRequest, "must be 1 to 255 characters", field: "Idempotency-Key")
        }
        let original = try await payment(id)
        guard let provider = refundingProvider(of: original) else {
            throw HubError(.invalidState, "\(original.provider) does not refund payments")
        }
        let start: RefundStart
        do {
            start = try await store.beginRefund(of: id, idempotencyKey: idempotencyKey, reference: Self.newReference(), at: now(),
                                                leaseUntil: now().addingTimeInterval(sendLease))
        } catch { throw HubError(error) }
        guard !start.replayed else { return Submission(payment: try await payment(id), replayed: true) }
        metrics.ledgerPosting("hold")
        let request = RefundRequest(paymentID: id, reference: start.reference, originalReference: original.providerReference,
                                    originalProviderTransactionID: start.providerTransactionID, amount: original.amount)
        switch try await sendRefund(request, via: provider) {
        case .recorded(let payment, nil):
            return Submission(payment: payment, replayed: false)
        case .recorded(_, let failure?):
            throw HubError(.invalidState, "the provider declined the refund: \(failure.message)")
        case .notSent:
            do { _ = try await store.refundNotSent(of: id, at: now()) } catch { throw HubError(error) }
            metrics.ledgerPosting("void_hold")
            throw HubError(.unavailable, "the provider could not be reached; nothing was refunded")
        }
    }

    enum RefundSend {
        /// The provider's answer (or an unknown outcome, as pending) is written; `failure` when it declined.
        case recorded(Payment, failure: PaymentFailure?)
        /// The request never reached the provider; nothing was written.
        case notSent(ProviderError)
    }

    /// Sends the refund in flight (first time or again, always under its own reference) and writes the answer.
    func sendRefund(_ request: RefundRequest, via provider: any RefundingProvider) async throws(HubError) -> RefundSend {
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        let result: ProviderResult
        do {
            result = try await metrics.providerCall(provider.id, .refund, payment: request.paymentID) { () async throws(ProviderError) in
                try await provider.refund(request, context: context)
            }
        } catch where error.kind == .notSent {
            logger.warning("refund not sent", metadata: ["payment_id": "\(request.paymentID)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
            return .notSent(error)
        } catch {
            logger.warning("refund outcome unknown", metadata: ["payment_id": "\(request.paymentID)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
            result = .pending(providerTransactionID: nil)
        }
        let payment = try await recordRefund(result, of: request.paymentID, source: "\(provider.id):refund", provider: provider)
        if case .failed(let failure) = result { return .recorded(payment, failure: failure) }
        return .recorded(payment, failure: nil)
    }

    /// Follows a refund in flight the poller found due: one the provider accepted (`pending`) is asked about; one
    /// that may never have left (`requested`, or pending but unknown to a provider that needs its own id) is sent
    /// again under its reference. Past the provider's idempotency window a refund is not sent again: it goes to
    /// review.
    func follow(_ due: DueRefund) async throws(HubError) -> Payment {
        guard let provider = refundingProvider(of: due.payment) else {
            return try await flagForReview(due.payment, source: "hub:refund", detail: "\(due.payment.provider) no longer refunds payments")
        }
        let request = RefundRequest(paymentID: due.payment.id, reference: due.reference, originalReference: due.payment.providerReference,
                                    originalProviderTransactionID: due.originalProviderTransactionID, amount: due.payment.amount)
        let lookup = RefundLookup(paymentID: due.payment.id, reference: due.reference, providerRefundID: due.providerRefundID,
                                  originalReference: due.payment.providerReference, originalProviderTransactionID: due.originalProviderTransactionID)
        if due.state == "pending" {
            // Providers that know a refund by our reference answer at once; the others need their own id, and a
            // pending refund whose answer was lost has none: it is sent again below, under its reference.
            let context = ProviderContext(transport: transport, logger: logger, now: now)
            do {
                let result = try await metrics.providerCall(provider.id, .status, payment: due.payment.id) { () async throws(ProviderError) in
                    try await provider.refundStatus(of: lookup, context: context)
                }
                return try await recordRefund(result, of: due.payment.id, source: "\(provider.id):refund-status", provider: provider)
            } catch let error as ProviderError {
                logger.info("refund status inconclusive", metadata: ["payment_id": "\(due.payment.id)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
                guard due.providerRefundID == nil else { return due.payment }
            } catch let error as HubError {
                throw error
            } catch {
                throw HubError(.unavailable, "unexpected failure")
            }
        }
        guard provider.refundsAreIdempotent else {
            // The first request may have arrived and the provider would take a second as a new refund.
            guard !due.payment.needsReview else { return due.payment }
            return try await flagForReview(due.payment, source: "hub:refund",
                                           detail: "refund may have reached \(provider.id), which has no idempotency key for refunds: check before retrying")
        }
        if let window = provider.capabilities.idempotencyWindow, now().timeIntervalSince(due.requestedAt) > window {
            guard !due.payment.needsReview else { return due.payment }
            return try await flagForReview(due.payment, source: "hub:refund",
                                           detail: "refund unconfirmed past \(provider.id)'s idempotency window; sending it again could refund twice")
        }
        switch try await sendRefund(request, via: provider) {
        case .recorded(let payment, _): return payment
        case .notSent: return due.payment
        }
    }

    func recordRefund(_ result: ProviderResult, of id: PaymentID, source: String, provider: any RefundingProvider) async throws(HubError) -> Payment {
        let next = now().addingTimeInterval(TimeInterval(provider.capabilities.expectedCallbackSeconds))
        do {
            let recorded = try await store.recordRefundOutcome(of: id, result, source: source, at: now(), nextPollAt: next)
            metrics.record(refund: recorded.decision, of: recorded.payment)
            return recorded.payment
        } catch { throw HubError(error) }
    }

    func refundingProvider(of payment: Payment) -> (any RefundingProvider)? {
        guard let provider = registry[payment.provider] as? any RefundingProvider, provider.capabilities.operations.contains(.refund) else {
            return nil
        }
        return provider
    }
}
