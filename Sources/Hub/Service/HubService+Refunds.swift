import Foundation

extension HubService {
    /// Refunds a succeeded top-up at its provider and reverses it in the ledger.
    ///
    /// The wallet's available balance must cover the amount: it is held before the provider is asked, so it
    /// cannot be withdrawn meanwhile. A refund the provider confirms at once reverses the payment; one it
    /// accepts for later stays held until the provider's notification; one it declines, or that never
    /// reached it, releases the hold. An unknown outcome keeps the hold until the provider says. Idempotent
    /// on `idempotencyKey`.
    public func refund(_ id: PaymentID, idempotencyKey: String) async throws(HubError) -> Submission {
        guard (1...255).contains(idempotencyKey.utf8.count) else {
            throw HubError(.invalidRequest, "must be 1 to 255 characters", field: "Idempotency-Key")
        }
        let original = try await payment(id)
        guard let provider = registry[original.provider] as? any RefundingProvider,
              provider.capabilities.operations.contains(.refund)
        else { throw HubError(.invalidState, "\(original.provider) does not refund payments") }
        let start: RefundStart
        do { start = try await store.beginRefund(of: id, idempotencyKey: idempotencyKey, reference: Self.newReference(), at: now(),
                                                    leaseUntil: now().addingTimeInterval(sendLease)) } catch {
            throw HubError(error)
        }
        guard !start.replayed else { return Submission(payment: try await payment(id), replayed: true) }
        metrics.ledgerPosting("hold")
        let request = RefundRequest(paymentID: id, reference: start.reference, originalReference: original.providerReference,
                                    originalProviderTransactionID: start.providerTransactionID, amount: original.amount)
        let context = ProviderContext(transport: transport, logger: logger, now: now)
        do {
            let result = try await metrics.providerCall(provider.id, .refund) { () async throws(ProviderError) in
                try await provider.refund(request, context: context)
            }
            switch result {
            case .succeeded:
                try await apply(.reversal, to: id, source: "\(provider.id):refund")
                return Submission(payment: try await payment(id), replayed: false)
            case .pending:
                do { try await store.markRefundPending(of: id) } catch { throw HubError(error) }
                return Submission(payment: try await payment(id), replayed: false)
            case .failed(let failure):
                _ = try await abandon(id)
                throw HubError(.invalidState, "the provider declined the refund: \(failure.message)")
            }
        } catch let error as ProviderError where error.kind == .notSent {
            _ = try await abandon(id)
            throw HubError(.unavailable, "the provider could not be reached; nothing was refunded")
        } catch let error as ProviderError {
            logger.warning("refund outcome unknown", metadata: ["payment_id": "\(id)", "provider": "\(provider.id)", "reason": "\(error.reason)"])
            do { try await store.markRefundPending(of: id) } catch { throw HubError(error) }
            return Submission(payment: try await payment(id), replayed: false)
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError(.unavailable, "unexpected failure")
        }
    }

    func abandon(_ id: PaymentID) async throws(HubError) -> Payment {
        do {
            let payment = try await store.abandonRefund(of: id, at: now())
            metrics.ledgerPosting("void_hold")
            return payment
        } catch { throw HubError(error) }
    }
}
