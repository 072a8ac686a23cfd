import Foundation
import HubKit

public enum FlutterwaveChargeStatus: String, Sendable, Hashable {
    case pending
    case successful
    case failed
}

/// How a charge was paid.
public enum FlutterwaveChargeMethod: Sendable, Hashable {
    case mobileMoney(FlutterwaveMobileMoneyType)
    /// A tokenized card charge.
    case card(FlutterwaveTestCard)
}

/// The simulator's own truth about one charge (a collection): what it was asked, how it ended and which
/// webhooks it sent. It never changes after its final state except to append webhook deliveries and to
/// count refunds.
public struct FlutterwaveSimulatedCharge: Sendable, Hashable {
    /// Flutterwave's transaction id (`data.id`), the path parameter of verify and refund.
    public let id: Int64
    /// The merchant's unique reference.
    public let txRef: String
    public let flwRef: String
    public let method: FlutterwaveChargeMethod
    public let scenario: FlutterwaveScenario
    public let amount: Money
    public let email: String
    public let customerName: String?
    /// The mobile-money payer; `nil` for a card.
    public let phoneNumber: String?
    /// The `network` sent, upper-cased.
    public let network: String?
    public let narration: String?
    public let redirectURL: String?
    /// `meta` as received, as compact JSON; replayed in verify answers and webhooks.
    public let meta: String?
    public let createdAt: Date
    public internal(set) var status: FlutterwaveChargeStatus
    /// The processor's words: `Approved`, `Transaction in progress`, or the decline.
    public internal(set) var processorResponse: String
    public internal(set) var completedAt: Date?
    /// Refunded so far, never more than `amount`.
    public internal(set) var amountRefunded: Money
    public internal(set) var webhooks: [FlutterwaveWebhookDelivery]
}

/// One refund of a successful charge. Flutterwave completes refunds at once from the available balance.
public struct FlutterwaveSimulatedRefund: Sendable, Hashable {
    public let id: Int64
    /// The refunded charge's id (`tx_id`).
    public let transactionID: Int64
    public let txRef: String
    /// `URF_…`.
    public let flwRef: String
    public let amount: Money
    public let comments: String?
    public let createdAt: Date
}

/// One webhook delivery attempt.
public struct FlutterwaveWebhookDelivery: Sendable, Hashable {
    /// `charge.completed` or `transfer.completed`.
    public let event: String
    public let url: String
    /// 1, or 2 for the repeated delivery of `succeedWithDuplicateWebhook`.
    public let copy: Int
    /// 1 for the first try, then one more per retry.
    public let attempt: Int
    public let sentAt: Date
    /// The `data.status` the body carried.
    public let reportedStatus: String
    /// The receiver's HTTP status, or `nil` when the transport failed.
    public let responseStatus: Int?
    public let failure: String?

    /// Flutterwave counts only a 200 as received; any other status, 3xx included, is a failure.
    public var acknowledged: Bool { responseStatus == 200 }
}
