import Foundation
@testable import Hub

/// A fresh SQLite database in its own temporary folder.
struct TestDatabase {
    let folder: URL
    var path: String { folder.appendingPathComponent("hub.sqlite").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func open() throws -> SQLiteStore { try SQLiteStore(path: path) }
}

/// Drafts and inputs for store tests.
enum Fixture {
    static let clock = Date(timeIntervalSince1970: 1_790_000_000)
    static let msisdn = try! MSISDN("+250781234567")

    static func draft(_ kind: PaymentKind, wallet: String, amount: Int64, currency: Currency = .RWF,
                      key: String = UUID().uuidString, provider: ProviderID = "test") throws -> PaymentDraft {
        PaymentDraft(id: .generate(), kind: kind, walletID: try WalletID(wallet),
                     amount: try Money.positive(minorUnits: amount, currency: currency), counterparty: .mobileMoney(msisdn),
                     idempotencyKey: key, requestHash: "h-\(kind)-\(wallet)-\(amount)", provider: provider,
                     reference: UUID().uuidString.lowercased(), metadata: [:], createdAt: clock)
    }

    static let success = PaymentInput.providerResult(.succeeded(providerTransactionID: nil))
    static let decline = PaymentInput.providerResult(.failed(PaymentFailure(reason: .declined, message: "declined")))
}

extension Store {
    /// Creates a payment and returns it, failing on a replay.
    func create(_ draft: PaymentDraft) async throws -> Payment {
        guard case .created(let payment) = try await createPayment(draft) else { throw StoreError(.corrupt, "unexpected replay") }
        return payment
    }

    /// A top-up that succeeded at once: credits the wallet.
    func fund(_ wallet: String, _ amount: Int64, currency: Currency = .RWF) async throws {
        let payment = try await create(try Fixture.draft(.topUp, wallet: wallet, amount: amount, currency: currency))
        _ = try await apply(Fixture.success, to: payment.id, source: "test", at: Fixture.clock)
    }
}
