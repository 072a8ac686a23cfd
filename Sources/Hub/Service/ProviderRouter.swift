/// Chooses which providers may take a payment, in order of preference, and says why others were skipped.
public struct ProviderRouter: Sendable {
    public struct Decision: Sendable, Equatable {
        /// Providers to try in order; the hub moves to the next only when the previous one was not sent.
        public var candidates: [ProviderID]
        /// Providers left out, with the reason.
        public var skipped: [(provider: ProviderID, reason: String)]

        public static func == (lhs: Decision, rhs: Decision) -> Bool {
            lhs.candidates == rhs.candidates && lhs.skipped.map(\.provider) == rhs.skipped.map(\.provider)
                && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason)
        }
    }

    public let registry: ProviderRegistry

    public init(registry: ProviderRegistry) {
        self.registry = registry
    }

    /// Candidates for a request: the named provider alone if the request names one, otherwise every
    /// registered provider whose capabilities fit, in registration order.
    public func route(_ request: PaymentRequest) -> Decision {
        let operation: ProviderCapabilities.Operation = request.kind == .topUp ? .collect : .payout
        let considered = request.provider.map { [$0] } ?? registry.order
        var decision = Decision(candidates: [], skipped: [])
        for id in considered {
            guard let provider = registry[id] else {
                decision.skipped.append((id, "not configured"))
                continue
            }
            if let refusal = provider.capabilities.refusal(operation: operation, method: request.counterparty.method, amount: request.amount) {
                decision.skipped.append((id, refusal))
            } else {
                decision.candidates.append(id)
            }
        }
        return decision
    }
}
