import Foundation
import HubKit

/// The two MoMo products the simulator serves; each has its own tokens and its own account.
public enum MoMoProduct: String, Sendable, Hashable, Codable, CaseIterable {
    case collection
    case disbursement

    /// The body field naming the other party: the payer of a request-to-pay, the payee of a transfer.
    var partyField: String {
        switch self {
        case .collection: "payer"
        case .disbursement: "payee"
        }
    }

    /// The path segment of the payment resource under `/{product}/v1_0/`.
    var resource: String {
        switch self {
        case .collection: "requesttopay"
        case .disbursement: "transfer"
        }
    }
}

public enum MoMoTransactionStatus: String, Sendable, Hashable, Codable {
    case pending = "PENDING"
    case successful = "SUCCESSFUL"
    case failed = "FAILED"
}

/// The simulator's own truth about one payment: what it was asked, how it ended and which callbacks it sent.
///
/// This is what a reconciliation report of the provider would show; it never changes after its final state
/// except to append callback deliveries.
public struct MoMoSimulatedTransaction: Sendable, Hashable {
    /// The client's `X-Reference-Id`, lower-cased.
    public let reference: String
    public let product: MoMoProduct
    public let externalID: String?
    public let partyIDType: String
    /// The payer's (collection) or payee's (disbursement) MSISDN.
    public let partyID: String
    public let amount: Money
    public let payerMessage: String?
    public let payeeNote: String?
    public let callbackURL: String?
    public let createdAt: Date
    public internal(set) var status: MoMoTransactionStatus
    /// Why a FAILED transaction failed; `nil` otherwise.
    public internal(set) var reason: MoMoErrorReason?
    /// MoMo's id for a SUCCESSFUL transaction; `nil` otherwise.
    public internal(set) var financialTransactionID: String?
    public internal(set) var finishedAt: Date?
    public internal(set) var callbacks: [MoMoCallbackDelivery]
    /// Whether this transaction's `reason` is written as a plain string rather than an object.
    public let reasonAsString: Bool
}

/// One callback the simulator tried to deliver.
public struct MoMoCallbackDelivery: Sendable, Hashable {
    public let sentAt: Date
    public let method: String
    public let url: String
    /// The `status` the callback body carried (differs from the truth for a contradictory callback).
    public let reportedStatus: MoMoTransactionStatus
    /// The receiver's HTTP status, or `nil` when the transport failed.
    public let responseStatus: Int?
    /// The transport's failure, when there was one.
    public let failure: String?
}
