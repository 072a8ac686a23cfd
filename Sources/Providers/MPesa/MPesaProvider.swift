import Foundation
import Hub

/// MPesa's API for the hub. Fill in each operation from the provider's documentation: send the attempt's
/// reference as the provider's idempotency key, return a decline as `.failed`, throw `.notSent` only when
/// the request cannot have reached the provider and `.ambiguous` for anything after that. Add `PayingProvider`
/// or `RefundingProvider` (and their operations in `capabilities`) if the provider pays out or refunds.
public struct MPesaProvider: PaymentProvider {
    public let id: ProviderID
    public let configuration: MPesaConfiguration

    public init(id: ProviderID = "mpesa", configuration: MPesaConfiguration) {
        self.id = id
        self.configuration = configuration
    }

    public var capabilities: ProviderCapabilities {
        ProviderCapabilities(operations: [.collect], methods: [.mobileMoney], countries: configuration.countries,
                             currencies: configuration.currencies)
    }

    /// Fill in: a `NotificationHandler` that verifies the provider's signature, or reads its unsigned callbacks as hints.
    public var notifications: (any NotificationHandler)? { nil }

    public func collect(_ request: CollectRequest, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        throw ProviderError(.notSent, provider: id, reason: "MPesaProvider.collect is not written yet")
    }

    public func status(of attempt: AttemptLookup, context: ProviderContext) async throws(ProviderError) -> ProviderResult {
        throw ProviderError(.ambiguous, provider: id, reason: "MPesaProvider.status is not written yet")
    }
}
