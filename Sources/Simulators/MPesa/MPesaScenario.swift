/// What the simulator does with an STK push, chosen by its `PhoneNumber` (the customer the prompt goes to). The
/// full table, with the answers a client sees, is in `docs/simulators/mpesa.md`.
///
/// | PhoneNumber | behaviour |
/// |---|---|
/// | any other valid number (`254708374149`) | accepted, then ResultCode 0 and one callback with `CallbackMetadata` |
/// | `25470000` + code (`…1032`, `…1037`, `…0001`, `…2001`, `…1019`, `…1031`, `…1025`) | that ResultCode, no metadata |
/// | `254700009001` | accepted, pending forever: no callback, the query answers "being processed" |
/// | `254700009002` | accepted, ResultCode 0, no callback |
/// | `254700009003` | accepted, ResultCode 0, the callback sent twice |
/// | `254700009004` | 500 `500.003.1001`, nothing recorded |
/// | `254700009005` | recorded and settled with ResultCode 0 and a callback, but the POST answers 500 |
/// | `254700009006` | recorded and settled, but the POST answers only after `hangDelay` |
public enum MPesaSTKScenario: Sendable, Hashable {
    case succeed
    case fail(MPesaResultCode)
    case pendingForever
    case succeedWithoutCallback
    case succeedWithDuplicateCallback
    case answerInternalError
    case acceptButAnswerInternalError
    case hangPastTimeout

    /// The scenario of a `PhoneNumber` (twelve digits, `2547…` or `2541…`).
    public init(phoneNumber: String) {
        self = Self.table[phoneNumber] ?? .succeed
    }

    /// The number that triggers `scenario`; `nil` for `.succeed` (any other number).
    public static func phoneNumber(for scenario: MPesaSTKScenario) -> String? {
        table.first { $0.value == scenario }?.key
    }

    static let table: [String: MPesaSTKScenario] = {
        var table: [String: MPesaSTKScenario] = [
            "254700009001": .pendingForever,
            "254700009002": .succeedWithoutCallback,
            "254700009003": .succeedWithDuplicateCallback,
            "254700009004": .answerInternalError,
            "254700009005": .acceptButAnswerInternalError,
            "254700009006": .hangPastTimeout,
        ]
        let failures: [MPesaResultCode] = [
            .cancelledByUser, .unreachable, .insufficientBalance, .initiatorInvalid, .expired, .cancelledByUser1031, .pushFailed,
        ]
        for result in failures { table[codeNumber(result.code)] = .fail(result) }
        return table
    }()

    /// `25470000` followed by the code in four digits (`1` → `254700000001`).
    static func codeNumber(_ code: Int) -> String {
        let digits = String(code)
        return "25470000" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// What the simulator does with a B2C payment, chosen by its `PartyB`. Payments that are otherwise valid follow the
/// table; a wrong initiator or credential, a foreign `PartyA`, an amount outside the limits or beyond the float fail
/// whatever the number (see `docs/simulators/mpesa.md`).
///
/// | PartyB | behaviour |
/// |---|---|
/// | any other valid number (`254708374149`) | acknowledged, then ResultCode 0 with `ResultParameters` on `ResultURL` |
/// | `25470001` + code: `…2001`, `…0001`, `…0002`, `…2040`, `…8006` | acknowledged, then that ResultCode, no parameters |
/// | `254700019001` | acknowledged, a queue-timeout notice on `QueueTimeOutURL`; the payment succeeds (Transaction Status shows it) |
/// | `254700019002` | acknowledged, succeeds, no result sent |
/// | `254700019003` | 500 `500.003.1001`, nothing recorded |
/// | `254700019004` | acknowledged, succeeds, the result sent twice |
public enum MPesaB2CScenario: Sendable, Hashable {
    case succeed
    case fail(MPesaResultCode)
    case queueTimeout
    case succeedWithoutResult
    case answerInternalError
    case succeedWithDuplicateResult

    public init(partyB: String) {
        self = Self.table[partyB] ?? .succeed
    }

    public static func partyB(for scenario: MPesaB2CScenario) -> String? {
        table.first { $0.value == scenario }?.key
    }

    static let table: [String: MPesaB2CScenario] = {
        var table: [String: MPesaB2CScenario] = [
            "254700019001": .queueTimeout,
            "254700019002": .succeedWithoutResult,
            "254700019003": .answerInternalError,
            "254700019004": .succeedWithDuplicateResult,
        ]
        let failures: [MPesaResultCode] = [.initiatorInvalid, .insufficientBalance, .belowMinimum, .unregisteredCustomer, .credentialLocked]
        for result in failures {
            let digits = String(result.code)
            table["25470001" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits] = .fail(result)
        }
        return table
    }()
}
