import Foundation
import Hub
import Testing
import Webhooks
@testable import Providers

@Suite struct StripeNotificationsTests {
    typealias Support = StripeTestSupport
    static let signedAt = Date(timeIntervalSince1970: 1_718_000_200)
    static let previousSecret = "whsec_fixture0previous0secret"

    static func handler(_ secrets: [String] = [Support.webhookSecret]) throws -> any NotificationHandler {
        try #require(Support.provider(webhookSecrets: secrets).notifications)
    }

    /// A delivery of `body` signed with `secret` at `signedAt`, received `delay` seconds later.
    static func delivery(_ body: Data, secret: String = Support.webhookSecret, delay: TimeInterval = 3) throws -> IncomingNotification {
        let headers = try StripeWebhookSigner(secret: secret).sign(body: Array(body), id: "", timestamp: signedAt)
        return IncomingNotification(method: "POST", headers: headers.fields + [(name: "Content-Type", value: "application/json")],
                                    body: body, receivedAt: signedAt.addingTimeInterval(delay))
    }

    static func fixture(_ name: String) throws -> Data { try Fixtures.data("stripe/\(name)") }

    static let events: [(String, String, ProviderNotification.Event)] = [
        ("event_payment-intent-succeeded.json", "evt_3PqRsT2eZvKYlo2C0sUcC001",
         .outcome(.succeeded(providerTransactionID: StripeTestSupport.intentID))),
        ("event_payment-intent-payment-failed.json", "evt_3PqRsT2eZvKYlo2C0fAiL002",
         .outcome(.failed(PaymentFailure(reason: .expired, providerCode: "expired_card", message: "the card has expired")))),
        ("event_payment-intent-processing.json", "evt_3PqRsT2eZvKYlo2C0pRoC003",
         .outcome(.pending(providerTransactionID: StripeTestSupport.intentID))),
        ("event_payment-intent-requires-action.json", "evt_3PqRsT2eZvKYlo2C0aCtN004",
         .outcome(.pending(providerTransactionID: StripeTestSupport.intentID))),
        ("event_payment-intent-canceled.json", "evt_3PqRsT2eZvKYlo2C0cAnC005",
         .outcome(.failed(PaymentFailure(reason: .cancelled, providerCode: "canceled", message: "the payment was cancelled")))),
        ("event_charge-refunded.json", "evt_3PqRsT2eZvKYlo2C0rEfD006", .reversed),
    ]

    @Test(arguments: events)
    func signedEventsAreReadByType(fixture: String, eventID: String, expected: ProviderNotification.Event) throws {
        let handler = try Self.handler()
        #expect(handler.isSigned)
        let notification = try handler.parse(try Self.delivery(try Self.fixture(fixture)))
        #expect(notification == ProviderNotification(dedupeKey: eventID, reference: Support.reference, event: expected))
    }

    @Test func everyIntentEventTypeHasAFixture() throws {
        for type in StripeIntentEvent.allCases {
            let name = "event_" + type.rawValue.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-") + ".json"
            let body = try Self.fixture(name)
            let header = try JSONDecoder().decode(StripeEventHeader.self, from: body)
            #expect(header.type == type.rawValue)
        }
    }

    @Test func aPartialRefundMadeOutsideTheHubGoesToReview() throws {
        let notification = try Self.handler().parse(try Self.delivery(try Self.fixture("event_charge-refunded-partial.json")))
        #expect(notification == ProviderNotification(dedupeKey: "evt_3PqRsT2eZvKYlo2C0pArT007", reference: Support.intentID,
                                                     event: .review("partial refund at the provider: 100000 of 250000 minor units")))
    }

    @Test func aDisputeGoesToReview() throws {
        let notification = try Self.handler().parse(try Self.delivery(try Self.fixture("event_charge-dispute-created.json")))
        #expect(notification == ProviderNotification(dedupeKey: "evt_3PqRsT2eZvKYlo2C0dIsP010", reference: Support.intentID,
                                                     event: .review("charge.dispute.created: fraudulent, needs_response, 250000 minor units")))
    }

    @Test func refundEventsReportTheRefundsOutcome() throws {
        let failed = try Self.handler().parse(try Self.delivery(try Self.fixture("event_refund-failed.json")))
        #expect(failed == ProviderNotification(dedupeKey: "evt_3PqRsT2eZvKYlo2C0rFaIl08", reference: Support.reference,
                                               event: .refund(.failed(PaymentFailure(reason: .declined, providerCode: "expired_or_canceled_card",
                                                                                      message: "the refund could not be completed")),
                                                              reference: "rfd_5e6f7a8b9c0d4e1f")))
        let updated = try Self.handler().parse(try Self.delivery(try Self.fixture("event_charge-refund-updated.json")))
        #expect(updated == ProviderNotification(dedupeKey: "evt_3PqRsT2eZvKYlo2C0rUpDt09", reference: Support.reference,
                                                event: .refund(.succeeded(providerTransactionID: "re_3PqRsT2eZvKYlo2C1rEfUnD0"),
                                                               reference: "rfd_5e6f7a8b9c0d4e1f")))
    }

    @Test func unknownEventTypeIsIgnored() throws {
        let notification = try Self.handler().parse(try Self.delivery(try Self.fixture("event_payment-method-attached.json")))
        #expect(notification == ProviderNotification(dedupeKey: "evt_3PqRsT2eZvKYlo2C0pMaT008", reference: "pm_card_visa",
                                                     event: .ignored("payment_method.attached")))
    }

    /// stripe-dotnet's fixed vector (PROVIDERS.md §4): a `customer.created` event, which the hub ignores.
    @Test func officialVectorVerifiesAndIsIgnored() throws {
        let body = try Fixtures.data("webhooks/stripe_evt.json")
        let header = "t=1533204620,v1=2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7,"
            + "v0=63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef"
        let delivery = IncomingNotification(method: "POST", headers: [(name: "stripe-signature", value: header)], body: body,
                                            receivedAt: Date(timeIntervalSince1970: 1_533_204_632))
        let notification = try Self.handler(["webhook_secret"]).parse(delivery)
        #expect(notification == ProviderNotification(dedupeKey: "evt_123", reference: "cus_123", event: .ignored("customer.created")))
        #expect(throws: NotificationError.self) { try Self.handler().parse(delivery) }
    }

    static func rejection(_ handler: any NotificationHandler, _ notification: IncomingNotification) -> NotificationError? {
        do {
            _ = try handler.parse(notification)
            return nil
        } catch {
            return error
        }
    }

    @Test func oneByteTamperIsRejected() throws {
        var delivery = try Self.delivery(try Self.fixture("event_payment-intent-succeeded.json"))
        let index = try #require(delivery.body.firstIndex(of: UInt8(ascii: "5")))
        delivery.body[index] = UInt8(ascii: "6")
        let error = try #require(Self.rejection(try Self.handler(), delivery))
        #expect(error.kind == .unauthenticated)
        #expect(error.reason == "stripe signature: webhook signature does not match")
    }

    @Test func staleTimestampIsRejected() throws {
        let body = try Self.fixture("event_payment-intent-succeeded.json")
        #expect(Self.rejection(try Self.handler(), try Self.delivery(body, delay: 300)) == nil)
        let error = try #require(Self.rejection(try Self.handler(), try Self.delivery(body, delay: 301)))
        #expect(error.kind == .unauthenticated)
        #expect(error.reason == "stripe signature: webhook timestamp is too old")
    }

    @Test func wrongSecretIsRejected() throws {
        let delivery = try Self.delivery(try Self.fixture("event_payment-intent-succeeded.json"), secret: "whsec_someone0else")
        #expect(Self.rejection(try Self.handler(), delivery)?.kind == .unauthenticated)
    }

    @Test func missingSignatureIsRejected() throws {
        var delivery = try Self.delivery(try Self.fixture("event_payment-intent-succeeded.json"))
        delivery.headers.removeAll { $0.name == "Stripe-Signature" }
        #expect(Self.rejection(try Self.handler(), delivery)?.reason == "stripe signature: missing header 'stripe-signature'")
    }

    @Test func rotatedSecretsAreBothAccepted() throws {
        let body = try Self.fixture("event_payment-intent-succeeded.json")
        let rotating = try Self.handler([Support.webhookSecret, Self.previousSecret])
        #expect(try rotating.parse(try Self.delivery(body, secret: Self.previousSecret)).dedupeKey == "evt_3PqRsT2eZvKYlo2C0sUcC001")
        #expect(try rotating.parse(try Self.delivery(body, secret: Support.webhookSecret)).dedupeKey == "evt_3PqRsT2eZvKYlo2C0sUcC001")
        #expect(Self.rejection(try Self.handler(), try Self.delivery(body, secret: Self.previousSecret))?.kind == .unauthenticated)
    }

    @Test(arguments: [[String](), [""], [StripeTestSupport.webhookSecret, ""]])
    func withoutAUsableSecretEveryEventIsRefused(secrets: [String]) throws {
        let delivery = try Self.delivery(try Self.fixture("event_payment-intent-succeeded.json"))
        let error = try #require(Self.rejection(try Self.handler(secrets), delivery))
        #expect(error.kind == .unauthenticated)
        #expect(error.reason == "no usable stripe webhook secret is configured")
    }

    @Test func signedGarbageIsMalformed() throws {
        for body in [Data("not json".utf8), Data(#"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{}}}"#.utf8),
                     Data(#"{"id":"evt_2","type":"charge.refunded","data":{"object":{"id":"ch_1","amount":1,"amount_refunded":1,"refunded":true}}}"#.utf8)] {
            #expect(Self.rejection(try Self.handler(), try Self.delivery(body))?.kind == .malformed)
        }
    }

    @Test func rejectionsNeverCarryTheBodyOrASecret() throws {
        let body = try Self.fixture("event_payment-intent-succeeded.json")
        var tampered = try Self.delivery(body)
        tampered.body.append(contentsOf: Array(" ".utf8))
        let deliveries = [tampered, try Self.delivery(body, delay: 900), try Self.delivery(body, secret: "whsec_someone0else"),
                          try Self.delivery(Data(#"{"id":"evt_1","type":"payment_intent.succeeded","data":{}}"#.utf8))]
        var reasons = deliveries.compactMap { Self.rejection(try! Self.handler(), $0)?.description }
        reasons += deliveries.compactMap { Self.rejection(try! Self.handler([]), $0)?.description }
        #expect(reasons.count == 8)
        for reason in reasons {
            for secret in [Support.webhookSecret, Support.secretKey, Support.reference, Support.intentID, "evt_1", "{"] {
                #expect(!reason.contains(secret), "\(reason)")
            }
        }
    }
}
