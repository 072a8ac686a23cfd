import Foundation
import Hub

/// `GET /v1/providers`: each configured provider's capabilities and the state of its circuit breaker.
struct ProvidersResource: Encodable {
    struct Provider: Encodable {
        struct Circuit: Encodable {
            var state: String
            var consecutiveFailures: Int
            var openedAt: String?

            enum CodingKeys: String, CodingKey {
                case state
                case consecutiveFailures = "consecutive_failures"
                case openedAt = "opened_at"
            }
        }

        var id: String
        var operations: [String]
        var methods: [String]
        var countries: [String]
        var currencies: [String]
        var circuit: Circuit
    }

    var data: [Provider]

    init(router: ProviderRouter, now: Date) {
        data = router.registry.all.map { provider in
            let circuit = router.breakers.snapshot(provider.id, now: now)
            return Provider(
                id: provider.id.rawValue, operations: provider.capabilities.operations.map(\.rawValue).sorted(),
                methods: provider.capabilities.methods.map(\.rawValue).sorted(), countries: provider.capabilities.countries.sorted(),
                currencies: provider.capabilities.currencies.map(\.code).sorted(),
                circuit: .init(state: circuit.state.rawValue, consecutiveFailures: circuit.consecutiveFailures,
                               openedAt: circuit.openedAt.map(Timestamp.iso8601)))
        }
    }
}
