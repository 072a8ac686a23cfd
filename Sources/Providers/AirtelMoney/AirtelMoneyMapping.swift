import Hub

/// `data.transaction.status` of an enquiry or a disbursement answer, and `status_code` of a callback, mapped once to
/// the hub's results. The status says how the transaction stands; the `DP…` response code beside it only says why a
/// failed one failed (an enquiry of a paid collection carries `TS` with `DP00800001006`, "in process").
enum AirtelMoneyTransactionStatus: String, CaseIterable {
    case successful = "TS"
    case failed = "TF"
    case ambiguous = "TA"
    case inProgress = "TIP"
    case expired = "TE"

    /// Also `SUCCESS`/`FAILED`/`PENDING`, which refunds and the collection ack write instead of the short codes.
    init?(_ text: String?) {
        guard let text = text?.uppercased() else { return nil }
        switch text {
        case "SUCCESS", "SUCCESSFUL": self = .successful
        case "FAILED", "FAILURE": self = .failed
        case "PENDING": self = .inProgress
        default:
            guard let status = Self(rawValue: text) else { return nil }
            self = status
        }
    }

    /// The hub's result; `airtelMoneyID` is the provider's transaction id, `reason` the response code's reading of a
    /// failure, if it has one (else the failure is kept under the status itself, `TF` or `TE`).
    func result(airtelMoneyID: String?, reason: PaymentFailure?) -> ProviderResult {
        switch self {
        case .successful: .succeeded(providerTransactionID: airtelMoneyID)
        case .ambiguous, .inProgress: .pending(providerTransactionID: airtelMoneyID)
        case .failed:
            .failed(reason ?? PaymentFailure(reason: .declined, providerCode: rawValue,
                                             message: "the provider reported the payment failed"))
        case .expired:
            .failed(reason ?? PaymentFailure(reason: .expired, providerCode: rawValue, message: "the payer did not approve in time"))
        }
    }
}

/// What a response code says on its own, when no transaction status settles the question.
enum AirtelMoneyOutcome: Equatable {
    /// The money moved.
    case succeeded
    /// Accepted and still running: ask again later.
    case inProgress
    /// Airtel itself does not know yet ("ambiguous", "timed out, do the enquiry"): never a failure by guesswork.
    case unknown
    /// A definite decline: nothing moved.
    case failed
    /// Airtel has no transaction under that id.
    case notFound
    /// Our transaction id is already there: the first request arrived, its enquiry tells the rest.
    case duplicate
    /// A transaction "with similar information" exists: a refusal of a new request, or the first request of a resend.
    case similarExists
    /// The request was refused before it was processed (x-signature mismatch): nothing moved, safe to fail over.
    case notProcessed
}

/// A code's reading as the hub keeps it: its outcome, and the failure it stands for when a transaction failed.
protocol AirtelMoneyResponseCode: RawRepresentable<String> {
    var outcome: AirtelMoneyOutcome { get }
    /// Why a transaction with this code failed, or `nil` when the code says nothing about a failure (a success or an
    /// in-process code beside `TF`).
    var failureReason: FailureReason? { get }
    var message: String { get }
}

extension AirtelMoneyResponseCode {
    /// The failure the hub records, the code itself kept as the provider's code.
    var failure: PaymentFailure? {
        failureReason.map { PaymentFailure(reason: $0, providerCode: rawValue, message: message) }
    }
}
