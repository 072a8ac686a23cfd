import HubKit
import Webhooks

/// How the M-Pesa Daraja simulator behaves: the credentials it accepts and how long it takes. Every delay is short
/// in tests and realistic in a demo.
public struct MPesaSimulatorConfiguration: Sendable {
    /// The consumer key and secret the OAuth endpoint accepts (Basic credentials).
    public var consumerKey: String
    public var consumerSecret: String
    /// The Lipa Na M-Pesa (STK push) shortcode, the only `BusinessShortCode` accepted.
    public var shortcode: String
    /// The passkey of `shortcode`: `Password` must be base64(shortcode + passkey + Timestamp).
    public var passkey: String
    /// The B2C shortcode, the only `PartyA` a B2C payment may name.
    public var b2cShortcode: String
    /// The API operator's user name (`InitiatorName` in B2C, `Initiator` in Transaction Status).
    public var initiatorName: String
    /// The API operator's password, which `SecurityCredential` must carry encrypted to `credentialKey`.
    public var initiatorPassword: String
    /// The key pair standing in for Safaricom's certificate: adapters encrypt to its public half with PKCS #1 v1.5.
    public var credentialKey: RSAPrivateKey
    /// The organisation name Transaction Status results show beside the shortcodes (`600997 - Hub Ltd`).
    public var organisationName: String
    /// How long an access token is valid; `expires_in` is its whole seconds, as a string.
    public var tokenLifetime: Duration
    /// Whether issuing a token revokes the previous ones, as the portal's FAQ says ("each request invalidates the
    /// previous token"); off by default, since clients that fetch tokens concurrently would otherwise race.
    public var newTokenRevokesPrevious: Bool
    /// How far a `Timestamp` may be from now, read as Nairobi time or as UTC (both are met in practice).
    public var timestampTolerance: Duration
    /// Time from an accepted STK push to its final state and callback (the customer answering the prompt).
    public var settleDelay: Duration
    /// Time from an accepted B2C payment or status query to its result on `ResultURL` (or `QueueTimeOutURL`).
    public var resultDelay: Duration
    /// Time between a notification and its duplicate, in the duplicate scenarios.
    public var repeatDelay: Duration
    /// How long the hang scenarios wait before answering: longer than a client's timeout.
    public var hangDelay: Duration
    /// Opening balance of the B2C utility account, in KES; a payment beyond what is left fails with ResultCode 1.
    public var b2cFloat: Money
    /// The smallest B2C payment (ResultCode 2 below it) and the largest payment either way (ResultCode 3 above it).
    public var b2cMinimum: Money
    public var maximumAmount: Money

    public init(
        consumerKey: String = "simulated-consumer-key",
        consumerSecret: String = "simulated-consumer-secret",
        shortcode: String = "174379",
        passkey: String = MPesaSimulatorConfiguration.sandboxPasskey,
        b2cShortcode: String = "600997",
        initiatorName: String = "testapi",
        initiatorPassword: String = "Safaricom999!*!",
        credentialKey: RSAPrivateKey = RSAPrivateKey.generate(),
        organisationName: String = "Miliano Hub",
        tokenLifetime: Duration = .seconds(3599),
        newTokenRevokesPrevious: Bool = false,
        timestampTolerance: Duration = .seconds(3600),
        settleDelay: Duration = .milliseconds(50),
        resultDelay: Duration = .milliseconds(50),
        repeatDelay: Duration = .milliseconds(20),
        hangDelay: Duration = .seconds(60),
        b2cFloat: Money = MPesaSimulatorConfiguration.kes(1_000_000),
        b2cMinimum: Money = MPesaSimulatorConfiguration.kes(10),
        maximumAmount: Money = MPesaSimulatorConfiguration.kes(250_000)
    ) {
        self.consumerKey = consumerKey
        self.consumerSecret = consumerSecret
        self.shortcode = shortcode
        self.passkey = passkey
        self.b2cShortcode = b2cShortcode
        self.initiatorName = initiatorName
        self.initiatorPassword = initiatorPassword
        self.credentialKey = credentialKey
        self.organisationName = organisationName
        self.tokenLifetime = tokenLifetime
        self.newTokenRevokesPrevious = newTokenRevokesPrevious
        self.timestampTolerance = timestampTolerance
        self.settleDelay = settleDelay
        self.resultDelay = resultDelay
        self.repeatDelay = repeatDelay
        self.hangDelay = hangDelay
        self.b2cFloat = b2cFloat
        self.b2cMinimum = b2cMinimum
        self.maximumAmount = maximumAmount
    }

    /// The public sandbox passkey of shortcode 174379, as Safaricom's sample code spells it.
    public static let sandboxPasskey = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"

    /// `shillings` whole Kenya shillings.
    public static func kes(_ shillings: Int64) -> Money {
        // Callers pass small non-negative literals: 100 × shillings neither overflows nor goes negative.
        try! Money(minorUnits: shillings * 100, currency: .KES)
    }
}
