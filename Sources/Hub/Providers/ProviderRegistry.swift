/// The providers this hub instance can use, by id.
public struct ProviderRegistry: Sendable {
    public private(set) var providers: [ProviderID: any PaymentProvider] = [:]
    /// Registration order, which is also the default preference order.
    public private(set) var order: [ProviderID] = []

    public init(_ providers: [any PaymentProvider] = []) {
        for provider in providers { register(provider) }
    }

    /// Adds a provider; a second provider with the same id replaces the first.
    public mutating func register(_ provider: any PaymentProvider) {
        if providers[provider.id] == nil { order.append(provider.id) }
        providers[provider.id] = provider
    }

    public subscript(id: ProviderID) -> (any PaymentProvider)? { providers[id] }

    public var all: [any PaymentProvider] { order.compactMap { providers[$0] } }
}
