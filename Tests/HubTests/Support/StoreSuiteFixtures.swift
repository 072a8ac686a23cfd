import Foundation
@testable import Hub

extension Store {
    /// A withdrawal or top-up created and then answered with `input`; returns the payment after the answer.
    func settle(_ draft: PaymentDraft, with input: PaymentInput, at time: Date = Fixture.clock) async throws -> Payment {
        let payment = try await create(draft)
        return try await apply(input, to: payment.id, source: "test", at: time).payment
    }

    func wallet(_ name: String, _ currency: Currency = .RWF) async throws -> AccountBalance? {
        try await balances(wallet: WalletID(name)).first { $0.currency == currency }
    }
}

/// Notifications for the inbox tests.
extension Fixture {
    static func notification(_ key: String, reference: String, event: String = "outcome:succeeded", provider: ProviderID = "test",
                             at time: Date = Fixture.clock) -> InboxEntry {
        InboxEntry(provider: provider, dedupeKey: key, reference: reference, event: event, body: Data("{}".utf8), receivedAt: time)
    }

    static let pending = PaymentInput.providerResult(.pending(providerTransactionID: nil))
    static let declineResult = ProviderResult.failed(PaymentFailure(reason: .declined, message: "declined"))
}

/// The kind of `StoreError` that `body` throws; `nil` if it returns, or throws anything else.
func storeErrorKind<T>(_ body: () async throws -> T) async -> StoreError.Kind? {
    do {
        _ = try await body()
        return nil
    } catch let error as StoreError {
        return error.kind
    } catch {
        return nil
    }
}
