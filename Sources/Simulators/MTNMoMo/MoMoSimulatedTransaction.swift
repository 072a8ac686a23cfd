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

    /// The product's plain payment: request-to-pay for collection, transfer for disbursement.
    var paymentKind: MoMoTransactionKind {
        switch self {
        case .collection: .requestToPay
        case .disbursement: .transfer
        }
    }
}

/// What a transaction is, named by its path segment: `/collection/v1_0/requesttopay`,
/// `/disbursement/v1_0/transfer`, `/disbursement/v1_0/deposit` and `/disbursement/v1_0/refund`.
public enum MoMoTransactionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case requestToPay = "requesttopay"
    case transfer
    case deposit
    case refund

    /// The product that serves this kind, and whose account the money moves through.
    public var product: MoMoProduct {
        switch self {
        case .requestToPay: .collection
        case .transfer, .deposit, .refund: .disbursement
        }
    }

    /// The API versions whose POST creates this kind; the status GET is `v1_0` only, as MoMo documents it.
    var versions: [String] {
        switch self {
        case .requestToPay, .transfer: ["v1_0"]
        case .deposit, .refund: ["v1_0", "v2_0"]
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
    public let kind: MoMoTransactionKind
    public let externalID: String?
    public let partyIDType: String
    /// The payer's (collection) or payee's (disbursement) MSISDN; for a refund, the refunded collection's payer.
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
    /// For a refund, the lower-cased `referenceIdToRefund`: the request-to-pay it pays back; `nil` otherwise.
    public let refundedReference: String?

    public var product: MoMoProduct { kind.product }
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
