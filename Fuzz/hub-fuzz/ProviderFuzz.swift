import Foundation
import Hub
@testable import Providers
import Webhooks

/// Each provider's notification reader and answer decoders, one target per provider. Input: a selector byte
/// (which reader), then the body. Notification bodies are delivered as the provider would (signed with the
/// target's secret where the scheme signs them), so the reader gets past verification to the parsing. Invariant:
/// no reader traps, whatever the body; a notification read has a reference and a dedupe key.
enum ProviderFuzz {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)

    struct Provider: Sendable {
        let name: String
        let fixtures: String
        let readers: [@Sendable (Data) -> Void]
    }

    static let providers: [Provider] = [
        Provider(name: "provider-mtn-momo", fixtures: "mtn-momo", readers: [
            { notify(MTNMoMoNotifications(), $0) },
            { _ = decode(MoMoTransactionStatus.self, $0)?.result() },
            { _ = decode(MoMoErrorBody.self, $0) },
            { _ = decode(MoMoToken.self, $0) },
            { _ = decode(MoMoAccountHolderActive.self, $0) },
            { _ = decode(MoMoBasicUserInfo.self, $0) },
            { _ = try? MTNMoMoReport.records(from: $0) },
        ]),
        Provider(name: "provider-airtel-money", fixtures: "airtel-money", readers: [
            { notify(AirtelMoneyNotifications(hashKey: nil), $0) },
            { notify(AirtelMoneyNotifications(hashKey: "fuzz-callback-hash-key"), $0) },
            { _ = decode(AirtelMoneyEnvelope.self, $0) },
            { _ = decode(AirtelMoneyToken.self, $0)?.lifetimeSeconds },
            { _ = decode(AirtelMoneyKYCAnswer.self, $0) },
        ]),
        Provider(name: "provider-mpesa", fixtures: "mpesa", readers: [
            { notify(MPesaNotifications(), $0) },
            { _ = decode(MPesaSTKPushAnswer.self, $0) },
            { _ = decode(MPesaSTKQueryAnswer.self, $0) },
            { _ = decode(MPesaAcknowledgement.self, $0) },
            { _ = decode(MPesaErrorBody.self, $0) },
            { _ = decode(MPesaAccessToken.self, $0) },
        ]),
        Provider(name: "provider-stripe", fixtures: "stripe", readers: [
            { body in notify(StripeNotifications(secrets: [stripeSecret]), body, headers: stripeSigner.sign(body: Array(body), id: "", timestamp: now).fields) },
            { notify(StripeNotifications(secrets: [stripeSecret]), $0) },
            { _ = decode(StripePaymentIntent.self, $0)?.result() },
            { _ = decode(StripeRefund.self, $0)?.result() },
            { _ = decode(StripeErrorBody.self, $0) },
            { _ = decode(StripeSearchResult.self, $0) },
            { _ = decode(StripeEvent<StripeCharge>.self, $0) },
            { _ = decode(StripeEvent<StripeDispute>.self, $0) },
        ]),
        Provider(name: "provider-flutterwave", fixtures: "flutterwave", readers: [
            { notify(FlutterwaveNotifications(secretHashes: [flutterwaveHash]), $0, headers: [(name: "verif-hash", value: flutterwaveHash)]) },
            { body in notify(FlutterwaveNotifications(secretHashes: [flutterwaveHash]), body,
                             headers: flutterwaveSigner.sign(body: Array(body), id: "", timestamp: now).fields) },
            { _ = decode(FlutterwaveEnvelope<FlutterwaveTransaction>.self, $0) },
            { _ = decode(FlutterwaveEnvelope<FlutterwaveTransfer>.self, $0) },
            { _ = decode(FlutterwaveEnvelope<[FlutterwaveTransfer]>.self, $0) },
            { _ = decode(FlutterwaveEnvelope<FlutterwaveRefund>.self, $0) },
            { _ = decode(FlutterwaveEnvelope<FlutterwaveResolvedAccount>.self, $0) },
        ]),
    ]

    // Fixed test secrets of each scheme's format; they sign nothing outside this harness.
    static let stripeSecret = "whsec_fuzz_stripe"
    static let stripeSigner = try! StripeWebhookSigner(secret: stripeSecret)
    static let flutterwaveHash = "fuzz-secret-hash"
    static let flutterwaveSigner = try! FlutterwaveWebhookSigner(secretHash: flutterwaveHash)

    static let targets: [FuzzTarget] = providers.map { provider in
        FuzzTarget(name: provider.name, run: { bytes in
            let input = FuzzInput(bytes)
            provider.readers[Int(input.byte(0)) % provider.readers.count](Data(input.payload(after: 1)))
        }, seeds: { fixtures in
            try fixtures.contents(of: provider.fixtures).flatMap { body in provider.readers.indices.map { [UInt8($0)] + body } }
        })
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: Data) -> T? { try? JSONDecoder().decode(type, from: body) }

    static func notify(_ handler: some NotificationHandler, _ body: Data, headers: [(name: String, value: String)] = []) {
        let incoming = IncomingNotification(method: "POST", headers: [(name: "Content-Type", value: "application/json")] + headers,
                                            body: body, receivedAt: now)
        guard let notification = try? handler.parse(incoming) else { return }
        guard !notification.reference.isEmpty || !notification.dedupeKey.isEmpty else { violated("a notification naming nothing") }
    }
}
