import HubKit
import Webhooks

/// How the Airtel Money simulator behaves: the application's credentials, its callback, the merchant's key pair
/// and PIN, and delays that are short in tests and realistic in a demo.
public struct AirtelMoneySimulatorConfiguration: Sendable {
    /// The application's `client_id` and `client_secret`; the token endpoint refuses any other pair.
    public var clientID: String
    public var clientSecret: String
    /// The disbursement PIN, digits; a disbursement must carry it RSA-encrypted to `encryptionKey`'s public half.
    public var pin: String
    /// The key pair whose public half `GET /v1/rsa/encryption-keys` serves: PINs and v2 message keys are encrypted
    /// to it, and the simulator decrypts them with the private half.
    public var encryptionKey: RSAPrivateKey
    /// The one callback URL of the application (Airtel configures it per application, not per request); `nil`
    /// sends no callbacks.
    public var callbackURL: String?
    /// The private key of "callback authentication": when set, each callback carries
    /// `hash` = base64(HMAC-SHA256(key, the `transaction` object's bytes)). `nil` sends callbacks without `hash`.
    public var callbackHashKey: String?
    /// How long an access token stays valid; `expires_in` reports it in whole seconds.
    public var tokenLifetime: Duration
    /// Bearer tokens accepted for as long as the simulator runs, besides those the token endpoint issues: the
    /// plugin seeds one for the conformance suite's lenient requests, which cannot fetch a token first.
    public var seededTokens: [String]
    /// How long a collection stays `TIP` (the customer has the USSD prompt) before it reaches its final state.
    public var settleDelay: Duration
    /// How long the ambiguous scenario stays `TA` before it settles `TS`; counted from the POST.
    public var ambiguousDelay: Duration
    /// Time between a transaction's final state and its callback, and between repeated callbacks.
    public var callbackDelay: Duration
    /// How long the hang scenario waits before answering: longer than a client's timeout.
    public var hangDelay: Duration
    /// The disbursement wallet's opening balance, one amount per currency; a disbursement beyond what is left fails
    /// with `DP00900001007`. A currency absent from the list has no funds.
    public var disbursementFloat: [Money]

    public init(
        clientID: String = "airtel-sim-client",
        clientSecret: String = "airtel-sim-secret",
        pin: String = "1234",
        encryptionKey: RSAPrivateKey = RSAPrivateKey.generate(bits: 1024),
        callbackURL: String? = nil,
        callbackHashKey: String? = nil,
        tokenLifetime: Duration = .seconds(180),
        seededTokens: [String] = [],
        settleDelay: Duration = .milliseconds(50),
        ambiguousDelay: Duration = .milliseconds(150),
        callbackDelay: Duration = .milliseconds(10),
        hangDelay: Duration = .seconds(60),
        disbursementFloat: [Money] = AirtelMoneySimulatorConfiguration.defaultFloat
    ) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.pin = pin
        self.encryptionKey = encryptionKey
        self.callbackURL = callbackURL
        self.callbackHashKey = callbackHashKey
        self.tokenLifetime = tokenLifetime
        self.seededTokens = seededTokens
        self.settleDelay = settleDelay
        self.ambiguousDelay = ambiguousDelay
        self.callbackDelay = callbackDelay
        self.hangDelay = hangDelay
        self.disbursementFloat = disbursementFloat
    }

    /// 10 000 000 UGX, 10 000 000 RWF and 100 000.00 KES.
    public static let defaultFloat: [Money] = [
        // Positive literals far below Int64.max: the initialisers cannot throw.
        try! Money(minorUnits: 10_000_000, currency: .UGX),
        try! Money(minorUnits: 10_000_000, currency: .RWF),
        try! Money(minorUnits: 10_000_000, currency: .KES),
    ]
}
