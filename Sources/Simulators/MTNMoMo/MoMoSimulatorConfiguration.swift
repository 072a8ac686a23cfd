import HubKit

/// How the MTN MoMo simulator behaves. Every delay is short in tests and realistic in a demo.
public struct MoMoSimulatorConfiguration: Sendable {
    /// The only `Ocp-Apim-Subscription-Key` accepted; `nil` accepts any non-empty key.
    public var subscriptionKey: String?
    /// The `X-Target-Environment` every payment call must carry (the sandbox's is `sandbox`).
    public var targetEnvironment: String
    /// Currencies accepted in payment bodies; any other is refused with 500 `INVALID_CURRENCY`.
    public var currencies: [Currency]
    /// The currency that `GET …/account/balance` reports; MoMo accounts hold one currency.
    public var accountCurrency: Currency
    /// API users known from the start, so a hub can begin with a known user id and key.
    public var seededUsers: [MoMoSeededUser]
    /// How long an access token stays valid.
    public var tokenLifetime: Duration
    /// How long a transaction stays `PENDING` before it reaches its final state.
    public var settleDelay: Duration
    /// Time between a transaction's final state and its callback (and between repeated callbacks).
    public var callbackDelay: Duration
    /// How long the slow-answer scenario waits before answering the POST.
    public var slowDelay: Duration
    /// How long the hang scenario waits before answering the POST: longer than a client's timeout.
    public var hangDelay: Duration
    /// The HTTP method of callbacks: MoMo's documentation tells integrators to allow both.
    public var callbackMethod: MoMoCallbackMethod
    /// Whether a FAILED result's `reason` is a `{"code","message"}` object, a plain string, or alternates.
    public var reasonStyle: MoMoReasonStyle
    /// Opening balance of the disbursement account, one amount per currency; a transfer beyond it fails
    /// with `NOT_ENOUGH_FUNDS`. A currency absent from the list has no funds.
    public var disbursementFloat: [Money]

    public init(
        subscriptionKey: String? = nil,
        targetEnvironment: String = "sandbox",
        currencies: [Currency] = [.EUR, .RWF],
        accountCurrency: Currency = .EUR,
        seededUsers: [MoMoSeededUser] = [],
        tokenLifetime: Duration = .seconds(3600),
        settleDelay: Duration = .milliseconds(50),
        callbackDelay: Duration = .milliseconds(10),
        slowDelay: Duration = .seconds(2),
        hangDelay: Duration = .seconds(60),
        callbackMethod: MoMoCallbackMethod = .put,
        reasonStyle: MoMoReasonStyle = .alternating,
        disbursementFloat: [Money] = MoMoSimulatorConfiguration.defaultFloat
    ) {
        self.subscriptionKey = subscriptionKey
        self.targetEnvironment = targetEnvironment
        self.currencies = currencies
        self.accountCurrency = accountCurrency
        self.seededUsers = seededUsers
        self.tokenLifetime = tokenLifetime
        self.settleDelay = settleDelay
        self.callbackDelay = callbackDelay
        self.slowDelay = slowDelay
        self.hangDelay = hangDelay
        self.callbackMethod = callbackMethod
        self.reasonStyle = reasonStyle
        self.disbursementFloat = disbursementFloat
    }

    /// 1 000 000.00 EUR and 1 000 000 000 RWF.
    public static let defaultFloat: [Money] = [
        // Both literals are positive and far below Int64.max, so neither initialiser can throw.
        try! Money(minorUnits: 100_000_000, currency: .EUR),
        try! Money(minorUnits: 1_000_000_000, currency: .RWF),
    ]
}

/// An API user and key that exist before any provisioning call.
///
/// A seeded user's `X-Callback-Url` may name its `providerCallbackHost` or any loopback host
/// (`localhost`, `127.0.0.0/8`, `::1`), so a hub started on an ephemeral port needs no registration step.
public struct MoMoSeededUser: Sendable, Hashable {
    /// The API user id (a UUID), the user half of the token endpoint's Basic credentials.
    public var userID: String
    /// The API key, the password half of the Basic credentials.
    public var apiKey: String
    public var providerCallbackHost: String

    public init(userID: String, apiKey: String, providerCallbackHost: String = "localhost") {
        self.userID = userID
        self.apiKey = apiKey
        self.providerCallbackHost = providerCallbackHost
    }
}

public enum MoMoCallbackMethod: String, Sendable, Hashable {
    case put = "PUT"
    case post = "POST"
}

/// The two shapes of a FAILED result's `reason` met in MoMo's documentation.
public enum MoMoReasonStyle: Sendable, Hashable {
    /// `"reason":{"code":"PAYER_NOT_FOUND","message":"…"}`, the portal's schema.
    case object
    /// `"reason":"PAYER_NOT_FOUND"`, as the community page shows.
    case string
    /// Object for the first failed transaction, string for the next, and so on; a transaction keeps its
    /// shape in its status answers and its callbacks.
    case alternating
}
