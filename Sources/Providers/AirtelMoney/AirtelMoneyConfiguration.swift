import Hub
import Webhooks

/// How to reach one Airtel Money application in one country. Credentials come from configuration, never from code.
public struct AirtelMoneyConfiguration: Sendable {
    /// Which generation of the collection and disbursement endpoints is used.
    public enum APIVersion: String, Sendable, CaseIterable {
        /// `/merchant/v1/payments/`, `/standard/v1/disbursements/`: unsigned bodies.
        case v1
        /// `/merchant/v2/payments/`, `/standard/v2/disbursements/`, `/standard/v2/payments/refund`: each body signed
        /// with `x-signature` and `x-key`.
        case v2
    }

    /// `https://openapiuat.airtel.africa` (staging), `https://openapi.airtel.africa`, a country's own host, or a
    /// simulator's address; never with a trailing slash.
    public var baseURL: String
    /// The application's consumer key and secret from Airtel's portal.
    public var clientID: String
    public var clientSecret: String
    /// ISO 3166-1 alpha-2 code of the application's country, sent as `X-Country`.
    public var country: String
    /// The country's wallet currency, sent as `X-Currency`.
    public var currency: Currency
    /// The disbursement PIN, sent only encrypted to `encryptionKey`.
    public var pin: String
    /// Airtel's RSA public key: encrypts the PIN and, in v2, each body's signing key.
    public var encryptionKey: RSAPublicKey?
    /// The portal's key for callback authentication; when set, a callback without a valid `hash` is refused.
    public var callbackHashKey: String?
    public var apiVersion: APIVersion
    public var connectTimeout: Duration
    public var timeout: Duration
    /// How long Airtel usually takes to call back; the poller asks for status after this.
    public var expectedCallbackSeconds: Int
    /// How long after its request an attempt may still be unknown to Airtel. Past it, "not found" means the request
    /// never arrived: a collection fails (an unapproved push expires within minutes), a disbursement goes to review.
    public var notFoundGraceSeconds: Int

    public init(baseURL: String, clientID: String, clientSecret: String, country: String = "UG", currency: Currency = .UGX,
                pin: String = "", encryptionKey: RSAPublicKey? = nil, callbackHashKey: String? = nil, apiVersion: APIVersion = .v2,
                connectTimeout: Duration = .seconds(3), timeout: Duration = .seconds(30), expectedCallbackSeconds: Int = 60,
                notFoundGraceSeconds: Int = 600) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.country = country
        self.currency = currency
        self.pin = pin
        self.encryptionKey = encryptionKey
        self.callbackHashKey = callbackHashKey
        self.apiVersion = apiVersion
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.expectedCallbackSeconds = expectedCallbackSeconds
        self.notFoundGraceSeconds = notFoundGraceSeconds
    }
}
