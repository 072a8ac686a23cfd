import Foundation
import Hub
import Testing
@testable import Providers

/// The adapter inside a real `HubService` (SQLite, the libcurl transport, canned Daraja answers over loopback): an
/// unsigned B2C result settles a withdrawal only when it names the ConversationID Daraja's acknowledgement gave the
/// hub; anything less is a hint the hub checks with Transaction Status.
@Suite struct MPesaHubTests {
    static let checkout = "ws_CO_1007202409152617172396192"
    static let acknowledged = "AG_20240706_20106e9209f64bebd05b"
    let wallet = try! WalletID("mpesa-wallet")

    static func daraja() throws -> MPesaTestServer {
        try MPesaTestServer(answers: [
            "/mpesa/stkpush/v1/processrequest": (200, "stkpush_accepted.json"),
            "/mpesa/stkpushquery/v1/query": (200, "stkquery_successful.json"),
            "/mpesa/b2c/v3/paymentrequest": (200, "b2c_accepted.json"),
            "/mpesa/transactionstatus/v1/query": (200, "transactionstatus_accepted.json"),
        ])
    }

    /// A hub whose wallet holds KES 150 topped up through M-Pesa, and a KES 100 withdrawal pending at M-Pesa.
    func withPendingWithdrawal(_ body: (HubService, Payment, MPesaTestServer) async throws -> Void) async throws {
        let server = try Self.daraja()
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mpesa-hub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        try await withCurlTransport { transport in
            let provider = MPesaProvider(configuration: MPesaTestSupport.configuration(server.baseURL))
            let hub = HubService(store: store, registry: ProviderRegistry([provider]), transport: transport, logger: .init(label: "mpesa-hub"),
                                 callbackURL: { "http://hub.test/webhooks/\($0)/cb0123" })
            let payer = Counterparty.mobileMoney(MPesaTestSupport.payer)
            let topUp = try await hub.submit(try PaymentRequest(kind: .topUp, walletID: wallet, amount: MPesaTestSupport.kes(15_000),
                                                                counterparty: payer, idempotencyKey: "top-up-1")).payment
            #expect(topUp.state == .pending)
            let callbackBody = try MPesaFixture.data("stkcallback_successful.json", replacing: ["ws_CO_27072017154747416": Self.checkout])
            let callback = try MPesaNotifications().parse(IncomingNotification(method: "POST", headers: [], body: callbackBody,
                                                                               receivedAt: Date()))
            guard case .confirmed(let credited) = try await hub.receive(callback, from: "mpesa", signed: false, body: Data()) else {
                Issue.record("an STK callback is a hint")
                return
            }
            #expect(credited.state == .succeeded, "the STK query confirmed the hint")
            #expect(server.calls.map(\.path) == ["/mpesa/stkpush/v1/processrequest", "/mpesa/stkpushquery/v1/query"])
            let withdrawal = try await hub.submit(try PaymentRequest(kind: .withdrawal, walletID: wallet, amount: MPesaTestSupport.kes(10_000),
                                                                     counterparty: payer, idempotencyKey: "withdrawal-1")).payment
            #expect(withdrawal.state == .pending)
            #expect(try await store.attempts(of: withdrawal.id).first?.providerTransactionID == Self.acknowledged)
            try await body(hub, withdrawal, server)
        }
    }

    func b2cResult(for payment: Payment, conversationID: String) throws -> (ProviderNotification, Data) {
        let body = try MPesaFixture.data("b2cresult_successful.json", replacing: [
            "53e3-4aa8-9fe0-8fb5e4092cdd3533373": payment.providerReference, "AG_20240706_2010364430d9bbdaf872": conversationID,
        ])
        return (try MPesaNotifications().parse(IncomingNotification(method: "POST", headers: [], body: body, receivedAt: Date())), body)
    }

    /// The wallet's KES balance: posted, and held by withdrawals in flight.
    func balance(_ hub: HubService) async throws -> (posted: Int64, held: Int64) {
        let balance = try await hub.store.balances(wallet: wallet).first { $0.currency == .KES }
        return (balance?.posted ?? 0, balance?.held ?? 0)
    }

    @Test func aResultNamingTheAcknowledgedConversationIDSettlesTheWithdrawalOnce() async throws {
        try await withPendingWithdrawal { hub, withdrawal, server in
            let (notification, body) = try b2cResult(for: withdrawal, conversationID: Self.acknowledged)
            let outcome = try await hub.receive(notification, from: "mpesa", signed: false, body: body)
            guard case .applied(let settled) = outcome else { Issue.record("expected applied, got \(outcome)"); return }
            #expect(settled.state == .succeeded)
            #expect(!server.calls.contains { $0.path == "/mpesa/transactionstatus/v1/query" }, "a corroborated result needs no query")
            #expect(try await balance(hub) == (5_000, 0))
            #expect(try await hub.receive(notification, from: "mpesa", signed: false, body: body).isDuplicate)
            #expect(try await balance(hub) == (5_000, 0))
            #expect(try await hub.store.verifyLedger().isValid)
        }
    }

    @Test func aResultNamingAnotherConversationIDIsOnlyAHint() async throws {
        try await withPendingWithdrawal { hub, withdrawal, server in
            let (notification, body) = try b2cResult(for: withdrawal, conversationID: "AG_20240706_2010364430d9bbdaf872")
            let outcome = try await hub.receive(notification, from: "mpesa", signed: false, body: body)
            guard case .confirmed(let checked) = outcome else { Issue.record("expected a hint, got \(outcome)"); return }
            #expect(checked.state == .pending, "nothing moved on the claim")
            let query = try #require(server.calls.last)
            #expect(query.path == "/mpesa/transactionstatus/v1/query", "the hub asked Daraja instead")
            #expect(query.json?["OriginalConversationID"] as? String == withdrawal.providerReference)
            #expect(query.json?["ResultURL"] as? String == "http://hub.test/webhooks/mpesa/cb0123")
            #expect(try await hub.store.notifications(of: withdrawal.id).isEmpty)
            #expect(try await balance(hub) == (15_000, 10_000), "held, not posted")
        }
    }

    @Test func aTransactionStatusResultForTheAcknowledgedConversationIDSettlesTheWithdrawal() async throws {
        try await withPendingWithdrawal { hub, withdrawal, _ in
            let body = try MPesaFixture.data("transactionstatusresult_completed.json", replacing: [
                "3211-416020-3": withdrawal.providerReference, "AG_20180223_000041b09c22e613d6c9": Self.acknowledged,
            ])
            let notification = try MPesaNotifications().parse(IncomingNotification(method: "POST", headers: [], body: body, receivedAt: Date()))
            guard case .applied(let settled) = try await hub.receive(notification, from: "mpesa", signed: false, body: body) else {
                Issue.record("a corroborated status result is applied")
                return
            }
            #expect(settled.state == .succeeded)
        }
    }
}
