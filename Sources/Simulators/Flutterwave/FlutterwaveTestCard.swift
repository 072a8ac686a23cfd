/// The card behind a token accepted by `POST /v3/tokenized-charges`.
///
/// Flutterwave issues a token (`flw-t1nf-…-m03k`) after a first card payment, so its sandbox lists test
/// cards, not tokens. The simulator's tokens embed the documented test card they stand for and behave as
/// that card does; a few tokens marked "simulator only" reach the scenarios no test card documents. Any
/// other token that starts with `flw-t` behaves like the NoAuth Verve card: it succeeds.
public struct FlutterwaveTestCard: Sendable, Hashable {
    public let token: String
    public let scenario: FlutterwaveScenario
    public let first6Digits: String
    public let last4Digits: String
    /// `MASTERCARD`, `VISA` or `VERVE`.
    public let type: String
    /// `noauth` when the charge completes at once, `VBVSECURECODE` when it needs 3-D Secure.
    public let authModel: String
    public let expiry: String

    /// The card for `token`; `nil` when the token does not have Flutterwave's `flw-t` form.
    public static func card(forToken token: String) -> FlutterwaveTestCard? {
        if let known = all.first(where: { $0.token == token }) { return known }
        guard token.hasPrefix("flw-t"), token.count >= 12 else { return nil }
        return FlutterwaveTestCard(
            token: token, scenario: .succeed, first6Digits: "506146", last4Digits: "4667", type: "VERVE",
            authModel: "noauth", expiry: "10/29"
        )
    }

    /// The token that selects `scenario`, if one does.
    public static func token(for scenario: FlutterwaveScenario) -> String? {
        all.first { $0.scenario == scenario }?.token
    }

    /// Documented test cards first (developer.flutterwave.com, Testing), then simulator-only tokens.
    public static let all: [FlutterwaveTestCard] = [
        .documented("5531886652142950", .succeed, type: "MASTERCARD", expiry: "09/32"),
        .documented("5061460166976054667", .succeed, type: "VERVE", expiry: "10/29"),
        .documented("4187427415564246", .requireAuthorization, type: "VISA", expiry: "09/32"),
        .documented("5438898014560229", .requireAuthorization, type: "MASTERCARD", expiry: "10/31"),
        .documented("5258585922666506", .fail(.insufficientFunds), type: "MASTERCARD", expiry: "09/31"),
        .documented("5143010522339965", .fail(.doNotHonour), type: "MASTERCARD", expiry: "08/31"),
        .documented("5590131743294314", .fail(.fraudulent), type: "MASTERCARD", expiry: "11/32"),
        .documented("5399834697894723", .fail(.incorrectPIN), type: "MASTERCARD", expiry: "09/31"),
        .simulatorOnly("pending", .pendingForever),
        .simulatorOnly("slow", .answerSlowly),
        .simulatorOnly("timeout", .timeOut),
        .simulatorOnly("500", .serverError),
        .simulatorOnly("nowebhook", .succeedWithoutWebhook),
        .simulatorOnly("doublewebhook", .succeedWithDuplicateWebhook),
    ]

    private static func documented(
        _ number: String, _ scenario: FlutterwaveScenario, type: String, expiry: String
    ) -> FlutterwaveTestCard {
        FlutterwaveTestCard(
            token: "flw-t1nf-\(number)-m03k", scenario: scenario, first6Digits: String(number.prefix(6)),
            last4Digits: String(number.suffix(4)), type: type,
            authModel: scenario == .requireAuthorization ? "VBVSECURECODE" : "noauth", expiry: expiry
        )
    }

    private static func simulatorOnly(_ name: String, _ scenario: FlutterwaveScenario) -> FlutterwaveTestCard {
        FlutterwaveTestCard(
            token: "flw-t1nf-sim-\(name)-m03k", scenario: scenario, first6Digits: "553188", last4Digits: "2950",
            type: "MASTERCARD", authModel: "noauth", expiry: "09/32"
        )
    }
}
