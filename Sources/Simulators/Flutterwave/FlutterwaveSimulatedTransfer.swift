import Foundation
import HubKit

/// A transfer's status as Flutterwave writes it: `NEW` when queued, `PENDING` while processing, then
/// `SUCCESSFUL` or `FAILED`.
public enum FlutterwaveTransferStatus: String, Sendable, Hashable {
    case new = "NEW"
    case pending = "PENDING"
    case successful = "SUCCESSFUL"
    case failed = "FAILED"
}

/// The simulator's own truth about one transfer (a payout): what it was asked, how it ended and which
/// webhooks it sent.
public struct FlutterwaveSimulatedTransfer: Sendable, Hashable {
    /// Flutterwave's transfer id (`data.id`), the path parameter of `GET /v3/transfers/{id}`.
    public let id: Int64
    /// The merchant's unique reference (generated `SIM-TRF-…` when the request had none).
    public let reference: String
    /// The bank code (`044`) or mobile-money network (`MPS`, `MTN`, `AIRTEL`…).
    public let accountBank: String
    /// The bank account number or the MSISDN with its country code.
    public let accountNumber: String
    /// Whether `accountBank` names a mobile-money network.
    public let isMobileMoney: Bool
    public let beneficiaryName: String?
    public let amount: Money
    /// Flutterwave's fee; the simulator charges none, so amounts and balances stay exact.
    public let fee: Money
    public let narration: String?
    public let callbackURL: String?
    /// `meta` as received, as compact JSON.
    public let meta: String?
    public let scenario: FlutterwaveScenario
    public let createdAt: Date
    public internal(set) var status: FlutterwaveTransferStatus
    /// Empty until final; then `Transaction successful`, or `DISBURSE FAILED: …`, or the missing field.
    public internal(set) var completeMessage: String
    public internal(set) var completedAt: Date?
    public internal(set) var webhooks: [FlutterwaveWebhookDelivery]
}
