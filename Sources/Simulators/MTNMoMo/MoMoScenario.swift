/// What the simulator does with a payment, chosen by the payer's (collection) or payee's (disbursement)
/// MSISDN. The full table, with examples, is in `docs/simulators/mtn-momo.md`.
///
/// | MSISDN | behaviour |
/// |---|---|
/// | any other | 202, PENDING for `settleDelay`, then SUCCESSFUL, one callback |
/// | `2507800010NN`, NN 01…16 | 202, then FAILED with the NN-th `MoMoErrorReason` (01 PAYEE_NOT_FOUND … 16 TRANSACTION_CANCELED) |
/// | `250780001017` | 409 RESOURCE_ALREADY_EXIST on the POST, nothing recorded |
/// | `250780001018` | 202, then FAILED with COULD_NOT_PERFORM_TRANSACTION |
/// | `250780002001` | 202, PENDING forever, no callback |
/// | `250780002002` | 202, SUCCESSFUL, no callback |
/// | `250780002003` | 202, SUCCESSFUL, the callback is sent twice |
/// | `250780002004` | recorded, 202 after `slowDelay`, SUCCESSFUL |
/// | `250780002005` | 500 INTERNAL_PROCESSING_ERROR, nothing recorded |
/// | `250780002006` | 503 SERVICE_UNAVAILABLE, nothing recorded |
/// | `250780002007` | recorded and settled SUCCESSFUL, but the POST answers 500 INTERNAL_PROCESSING_ERROR |
/// | `250780002008` | SUCCESSFUL, callback SUCCESSFUL, then a contradictory FAILED callback; the truth stays SUCCESSFUL |
/// | `250780002009` | recorded and settled SUCCESSFUL, but the POST answers only after `hangDelay` (past a client's timeout) |
/// | `250780002010` | recorded and settled SUCCESSFUL, but the connection is cut in the middle of the 202 answer |
///
/// A transfer or deposit follows the same table, keyed by its payee. A transfer, deposit or refund whose amount
/// exceeds the disbursement float fails with NOT_ENOUGH_FUNDS whatever its MSISDN.
///
/// A refund follows its own table (`refund(ofCollectionPaidBy:)`), keyed by the payer of the collection it
/// pays back:
///
/// | payer of the refunded collection | refund |
/// |---|---|
/// | any other | 202, PENDING for `settleDelay`, then SUCCESSFUL, one callback |
/// | `250780004001` | 202, then FAILED with PAYEE_NOT_ALLOWED_TO_RECEIVE |
/// | `250780004002` | 202, PENDING forever, no callback |
/// | `250780004003` | 409 RESOURCE_ALREADY_EXIST on the POST, nothing recorded |
///
/// Collections from these three numbers succeed like any other number's.
public enum MoMoScenario: Sendable, Hashable {
    case succeed
    case fail(MoMoErrorReason)
    case rejectAsDuplicate
    case pendingForever
    case succeedWithoutCallback
    case succeedWithDoubleCallback
    case answerSlowly
    case answerInternalError
    case answerServiceUnavailable
    case acceptButAnswerInternalError
    case succeedThenContradict
    case hangPastTimeout
    case resetMidResponse

    /// The scenario for a party id (E.164 digits without `+`).
    public init(partyID: String) {
        self = Self.table[partyID] ?? .succeed
    }

    /// The MSISDN that triggers `scenario`, for every scenario but `.succeed` (use any other number).
    public static func partyID(for scenario: MoMoScenario) -> String? {
        table.first { $0.value == scenario }?.key
    }

    /// The scenario of a refund of a collection paid by `payer` (E.164 digits without `+`).
    public static func refund(ofCollectionPaidBy payer: String) -> MoMoScenario {
        refundTable[payer] ?? .succeed
    }

    static let refundTable: [String: MoMoScenario] = [
        "250780004001": .fail(.payeeNotAllowedToReceive),
        "250780004002": .pendingForever,
        "250780004003": .rejectAsDuplicate,
    ]

    static let table: [String: MoMoScenario] = {
        var table: [String: MoMoScenario] = [
            "250780001017": .rejectAsDuplicate,
            "250780001018": .fail(.couldNotPerformTransaction),
            "250780002001": .pendingForever,
            "250780002002": .succeedWithoutCallback,
            "250780002003": .succeedWithDoubleCallback,
            "250780002004": .answerSlowly,
            "250780002005": .answerInternalError,
            "250780002006": .answerServiceUnavailable,
            "250780002007": .acceptButAnswerInternalError,
            "250780002008": .succeedThenContradict,
            "250780002009": .hangPastTimeout,
            "250780002010": .resetMidResponse,
        ]
        for (index, reason) in MoMoErrorReason.allCases.prefix(16).enumerated() {
            let number = index + 1
            table["2507800010" + (number < 10 ? "0" : "") + String(number)] = .fail(reason)
        }
        return table
    }()
}
