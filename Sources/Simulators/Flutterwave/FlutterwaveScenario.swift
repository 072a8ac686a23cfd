/// Why a simulated charge or transfer failed. A charge reports the raw value as its `processor_response`
/// (and as the message of a declined tokenized charge); a transfer as `DISBURSE FAILED: <value>` in its
/// `complete_message`.
public enum FlutterwaveDecline: String, Sendable, Hashable, CaseIterable {
    /// What Flutterwave's test numbers `…121212121` and `…010101011` answer.
    case mockedFailure = "Mocked a Failed Transaction"
    case insufficientFunds = "Insufficient Funds"
    case doNotHonour = "Do Not Honour"
    case fraudulent = "Transaction has been flagged as fraudulent"
    case incorrectPIN = "Incorrect PIN"
    case declinedByCustomer = "Transaction declined by customer"
    /// The merchant's balance cannot cover a transfer or a refund.
    case insufficientBalance = "Insufficient wallet balance"
}

/// What the simulator does with a charge or a transfer. The full table is in
/// `docs/simulators/flutterwave.md`.
///
/// Mobile-money charges and transfers choose by the **last nine digits** of the phone number or account
/// number, so a scenario works with any country code or leading zero:
///
/// | last nine digits | scenario |
/// |---|---|
/// | any other | `succeed` |
/// | `121212121`, `010101011` (Flutterwave's documented failure numbers) | `fail(.mockedFailure)` |
/// | `700000001` | `fail(.insufficientFunds)` |
/// | `700000002` | `fail(.declinedByCustomer)` |
/// | `700000003` | `pendingForever` |
/// | `700000004` | `answerSlowly` |
/// | `700000005` | `timeOut` |
/// | `700000006` | `serverError` |
/// | `700000007` | `succeedWithoutWebhook` |
/// | `700000008` | `succeedWithDuplicateWebhook` |
///
/// Tokenized card charges choose by token (`FlutterwaveTestCard`); transfers also honour Flutterwave's
/// documented reference suffixes (`_PMCK`, `_PMCK_ST_F`, `DU_<minutes>`).
public enum FlutterwaveScenario: Sendable, Hashable {
    /// Completes successfully: a mobile-money charge after the customer's authorization
    /// (`chargeSettleDelay`), a card token at once, a transfer after `transferSettleDelay`.
    case succeed
    /// Completes as failed with this reason; a card token's decline is answered 400 at once.
    case fail(FlutterwaveDecline)
    /// A card token that needs 3-D Secure: `pending` with a redirect, then successful after
    /// `chargeSettleDelay`.
    case requireAuthorization
    /// Accepted and left pending: no final state, no webhook.
    case pendingForever
    case succeedWithoutWebhook
    /// Succeeds and its webhook is delivered twice, as Flutterwave warns it occasionally does.
    case succeedWithDuplicateWebhook
    /// Recorded and answered normally, but only after `slowDelay`.
    case answerSlowly
    /// Recorded and processed (it succeeds), but answered after `timeoutDelay` with Flutterwave's
    /// documented 503; the client must query before retrying.
    case timeOut
    /// Answered 500 with Flutterwave's documented server-error body; nothing is recorded.
    case serverError

    /// A short name for reports: `succeed`, `fail: Insufficient Funds`, `pendingForever`…
    public var name: String {
        switch self {
        case .succeed: "succeed"
        case .fail(let decline): "fail: \(decline.rawValue)"
        case .requireAuthorization: "requireAuthorization"
        case .pendingForever: "pendingForever"
        case .succeedWithoutWebhook: "succeedWithoutWebhook"
        case .succeedWithDuplicateWebhook: "succeedWithDuplicateWebhook"
        case .answerSlowly: "answerSlowly"
        case .timeOut: "timeOut"
        case .serverError: "serverError"
        }
    }

    /// The scenario for a phone number or account number (digits, optionally with a leading `+`).
    public init(number: String) {
        self = Self.byLastNineDigits[String(number.suffix(9))] ?? .succeed
    }

    /// A phone number (or account number) that selects `scenario`, with `countryCode` in front; `nil` for
    /// `.succeed` (use any other number) and for scenarios only card tokens reach.
    public static func number(for scenario: FlutterwaveScenario, countryCode: String = "256") -> String? {
        byLastNineDigits.filter { $0.value == scenario }.keys.sorted().last.map { countryCode + $0 }
    }

    static let byLastNineDigits: [String: FlutterwaveScenario] = [
        "121212121": .fail(.mockedFailure),
        "010101011": .fail(.mockedFailure),
        "700000001": .fail(.insufficientFunds),
        "700000002": .fail(.declinedByCustomer),
        "700000003": .pendingForever,
        "700000004": .answerSlowly,
        "700000005": .timeOut,
        "700000006": .serverError,
        "700000007": .succeedWithoutWebhook,
        "700000008": .succeedWithDuplicateWebhook,
    ]
}
