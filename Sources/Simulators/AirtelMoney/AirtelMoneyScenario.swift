/// What the simulator does with a payment, chosen by the subscriber's (collection) or payee's (disbursement)
/// MSISDN as it arrives: the national number, without the country code. The table, with its codes, is in
/// `docs/simulators/airtel-money.md`; the ranges are Airtel Uganda's (`70…`, `75…`).
///
/// | MSISDN | behaviour |
/// |---|---|
/// | any other valid number | push sent (`DP00800001006`), `TIP` for `settleDelay`, then `TS`, one callback |
/// | `70000000N`, N 1…9 | push sent, then declined with the N-th `AirtelMoneyDecline` (`TF`, or `TE` when expired) |
/// | `750000001` | push sent, `TA` (ambiguous) until `ambiguousDelay`, then `TS`, one callback |
/// | `750000002` | push sent, `TIP` forever, no callback |
/// | `750000003` | push sent, `TS`, no callback |
/// | `750000004` | push sent, `TS`, the callback is sent twice |
/// | `750000005` | push sent, `TS`, callback `TS` then a contradictory `TF`; the truth stays `TS` |
/// | `750000006` | 500, nothing recorded |
/// | `750000007` | recorded and settled `TS`, but the POST answers 500 |
/// | `750000008` | recorded and settled `TS`, but the POST answers only after `hangDelay` |
/// | `750000009` | recorded and settled `TS`, but the connection is cut in the middle of the answer |
///
/// A disbursement follows the same table keyed by its payee, answered at once (`TS` with `DP00900001001`, a decline
/// `TF` with its `DP009…` code); disbursements send no callback, so the three callback scenarios succeed plainly.
public enum AirtelMoneyScenario: Sendable, Hashable {
    case succeed
    case decline(AirtelMoneyDecline)
    case ambiguousThenSucceed
    case pendingForever
    case succeedWithoutCallback
    case succeedWithDoubleCallback
    case succeedThenContradict
    case answerInternalError
    case acceptButAnswerInternalError
    case hangPastTimeout
    case resetMidResponse

    /// The scenario of a national MSISDN.
    public init(msisdn: String) {
        self = Self.table[msisdn] ?? .succeed
    }

    /// The MSISDN that triggers `scenario`, for every scenario but `.succeed` (use any other number).
    public static func msisdn(for scenario: AirtelMoneyScenario) -> String? {
        table.first { $0.value == scenario }?.key
    }

    /// Whether the transaction is written down before the answer (everything but `answerInternalError`).
    var records: Bool { self != .answerInternalError }

    static let table: [String: AirtelMoneyScenario] = {
        var table: [String: AirtelMoneyScenario] = [
            "750000001": .ambiguousThenSucceed,
            "750000002": .pendingForever,
            "750000003": .succeedWithoutCallback,
            "750000004": .succeedWithDoubleCallback,
            "750000005": .succeedThenContradict,
            "750000006": .answerInternalError,
            "750000007": .acceptButAnswerInternalError,
            "750000008": .hangPastTimeout,
            "750000009": .resetMidResponse,
        ]
        for (index, decline) in AirtelMoneyDecline.allCases.enumerated() {
            table["70000000\(index + 1)"] = .decline(decline)
        }
        return table
    }()
}
