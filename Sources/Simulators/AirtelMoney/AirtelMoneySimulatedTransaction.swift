import Foundation
import HubKit

/// `data.transaction.status` as Airtel writes it.
public enum AirtelMoneyTransactionStatus: String, Sendable, Hashable, Codable {
    case success = "TS"
    case failed = "TF"
    case ambiguous = "TA"
    case inProgress = "TIP"
    case expired = "TE"

    /// Whether the transaction can no longer change.
    public var isFinal: Bool {
        self == .success || self == .failed || self == .expired
    }
}

/// Which API created a transaction.
public enum AirtelMoneyTransactionKind: String, Sendable, Hashable, Codable {
    /// `POST /merchant/v{1,2}/payments/`: a USSD push to the subscriber.
    case collection
    /// `POST /standard/v{1,2}/disbursements/`: money sent to a payee.
    case disbursement
    /// `POST /standard/v{1,2}/payments/refund`: a collection paid back in full.
    case refund
}

/// The simulator's own truth about one transaction: what it was asked, where it stands and which callbacks went
/// out. It never changes after its final state except to append callback deliveries (and, for a collection, to
/// note its refund).
public struct AirtelMoneySimulatedTransaction: Sendable, Hashable {
    /// The client's `transaction.id`; for a refund, the refund's own `airtel_money_id`.
    public let id: String
    public let kind: AirtelMoneyTransactionKind
    /// Airtel's id for the transaction, the one a refund names.
    public let airtelMoneyID: String
    /// The subscriber (collection), payee (disbursement) or refunded subscriber, national digits as received.
    public let msisdn: String
    /// `X-Country` of the request.
    public let country: String
    public let amount: Money
    /// The body's `reference`.
    public let reference: String
    /// `v1` or `v2`.
    public let apiVersion: String
    /// `B2C` or `B2B` for a disbursement; `nil` otherwise.
    public let disbursementType: String?
    public let createdAt: Date
    public internal(set) var status: AirtelMoneyTransactionStatus
    /// The `status.response_code` an enquiry answers with.
    public internal(set) var responseCode: AirtelMoneyResponseCode
    public internal(set) var finishedAt: Date?
    /// For a refunded collection, the refund's `airtel_money_id`.
    public internal(set) var refundAirtelMoneyID: String?
    /// For a refund, the `airtel_money_id` of the collection it paid back.
    public let refundedAirtelMoneyID: String?
    public internal(set) var callbacks: [AirtelMoneyCallbackDelivery]
}

/// One callback the simulator tried to deliver.
public struct AirtelMoneyCallbackDelivery: Sendable, Hashable {
    public let sentAt: Date
    public let url: String
    /// The `status_code` the body carried (differs from the truth for a contradictory callback).
    public let reportedStatus: AirtelMoneyTransactionStatus
    /// Whether the body carried a `hash`.
    public let hashed: Bool
    /// The receiver's HTTP status, or `nil` when the transport failed.
    public let responseStatus: Int?
    /// The transport's failure, when there was one.
    public let failure: String?
}
