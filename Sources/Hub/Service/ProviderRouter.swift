import Foundation

/// Chooses which providers may take a payment, in order of preference, and says why others were skipped.
///
/// A request that names a provider gets that provider alone (still checked). Otherwise the first configured
/// rule that matches gives the candidates, weighted ones first in proportion to their weights; with no rules
/// configured, every registered provider is a candidate in registration order. A provider whose
/// capabilities or limits do not fit, or whose circuit is open, is skipped with its reason.
public struct ProviderRouter: Sendable {
    public struct Decision: Sendable, Equatable, Codable {
        public struct Skip: Sendable, Equatable, Codable {
            public var provider: String
            public var reason: String
        }

        /// The rule that matched: its name, `requested provider`, or `default` when no rules are configured.
        public var rule: String?
        /// Providers to try in order; the hub moves to the next only when the previous one was not sent.
        public var candidates: [ProviderID]
        public var skipped: [Skip]
    }

    public let registry: ProviderRegistry
    public let rules: [RoutingRule]
    public let breakers: CircuitBreakers

    public init(registry: ProviderRegistry, rules: [RoutingRule] = [], breakers: CircuitBreakers = CircuitBreakers()) {
        self.registry = registry
        self.rules = rules
        self.breakers = breakers
    }

    public func route(_ request: PaymentRequest, now: Date = Date(), roll: (Int) -> Int = { Int.random(in: 0..<max(1, $0)) }) -> Decision {
        var decision = Decision(rule: nil, candidates: [], skipped: [])
        let considered: [ProviderID]
        if let named = request.provider {
            decision.rule = "requested provider"
            considered = [named]
        } else if rules.isEmpty {
            decision.rule = "default"
            considered = registry.order
        } else if let rule = rules.first(where: { $0.mismatch(request) == nil }) {
            decision.rule = rule.name
            considered = Self.order(rule.targets, roll: roll)
        } else {
            decision.skipped = rules.map { .init(provider: "rule \($0.name)", reason: $0.mismatch(request) ?? "") }
            return decision
        }
        let operation: ProviderCapabilities.Operation = request.kind == .topUp ? .collect : .payout
        for id in considered {
            guard let provider = registry[id] else {
                decision.skipped.append(.init(provider: id.rawValue, reason: "not configured"))
                continue
            }
            if operation == .payout, !(provider is any PayingProvider) {
                decision.skipped.append(.init(provider: id.rawValue, reason: "does not support payout"))
            } else if let refusal = provider.capabilities.refusal(operation: operation, method: request.counterparty.method, amount: request.amount) {
                decision.skipped.append(.init(provider: id.rawValue, reason: refusal))
            } else if let country = Country.of(request.counterparty), !provider.capabilities.countries.isEmpty,
                      !provider.capabilities.countries.contains(country) {
                decision.skipped.append(.init(provider: id.rawValue, reason: "does not serve \(country)"))
            } else if !breakers.allows(id, now: now) {
                decision.skipped.append(.init(provider: id.rawValue, reason: "circuit open"))
            } else {
                decision.candidates.append(id)
            }
        }
        return decision
    }

    /// Weighted targets first, one drawn in proportion to its weight, then the rest in configured order.
    static func order(_ targets: [RoutingRule.Target], roll: (Int) -> Int) -> [ProviderID] {
        let weighted = targets.filter { ($0.weight ?? 0) > 0 }
        let total = weighted.reduce(0) { $0 + $1.weight! }
        guard total > 0 else { return targets.map(\.provider) }
        var ticket = roll(total)
        let first = weighted.first { target in
            defer { ticket -= target.weight! }
            return ticket < target.weight!
        }!.provider
        return [first] + targets.map(\.provider).filter { $0 != first }
    }
}
