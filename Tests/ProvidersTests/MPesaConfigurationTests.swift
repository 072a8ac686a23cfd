import Foundation
import Hub
import HubConfiguration
import Testing
@testable import Providers

/// The `mpesa` section of the configuration as the plugin reads it, through the hub's configuration reader:
/// every problem names its key path, secrets are never quoted.
@Suite struct MPesaConfigurationTests {
    static let credential = Data(repeating: 0x5A, count: 256).base64EncodedString()
    static let environment = ["MPESA_KEY": "consumer-key-0123", "MPESA_SECRET": "consumer-secret-0123", "MPESA_PASSKEY": "passkey-0123",
                              "MPESA_CREDENTIAL": credential]

    static let section = """
        providers:
          mpesa:
            type: mpesa
            base_url: https://sandbox.safaricom.co.ke/
            consumer_key: { env: MPESA_KEY }
            consumer_secret: { env: MPESA_SECRET }
            shortcode: "174379"
            passkey: { env: MPESA_PASSKEY }
            initiator_name: testapi
            security_credential: { env: MPESA_CREDENTIAL }

        """

    static func load(_ yaml: String, environment: [String: String] = environment) throws(InvalidConfiguration) -> MPesaConfiguration? {
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: environment, plugins: [AnyProviderPlugin(MPesaPlugin())])
        return (configuration.providers.first?.provider() as? MPesaProvider)?.configuration
    }

    static func problems(_ yaml: String, environment: [String: String] = environment) -> [String] {
        do {
            _ = try load(yaml, environment: environment)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func aMinimalSectionGetsTheDefaults() throws {
        let configuration = try #require(try Self.load(Self.section))
        #expect(configuration.baseURL == "https://sandbox.safaricom.co.ke")
        #expect(configuration.consumerKey == "consumer-key-0123")
        #expect(configuration.consumerSecret == "consumer-secret-0123")
        #expect(configuration.passkey == "passkey-0123")
        #expect(configuration.shortcode == "174379")
        #expect(configuration.b2cShortcode == "174379", "the B2C shortcode defaults to the shortcode")
        #expect(configuration.initiatorName == "testapi")
        #expect(configuration.securityCredential == Self.credential, "sent as it is")
        #expect(configuration.transactionType == .payBill)
        #expect(configuration.b2cCommand == .businessPayment)
        #expect(configuration.currencies == [.KES])
        #expect(configuration.countries == ["KE"])
        #expect(configuration.expectedCallbackSeconds == 60)
    }

    @Test func everySettingIsRead() throws {
        let yaml = Self.section + """
                b2c_shortcode: "600992"
                transaction_type: CustomerBuyGoodsOnline
                till_number: "5060708"
                b2c_command: SalaryPayment
                expected_callback_seconds: 90
                currencies: [KES]
                countries: [KE]

            """
        let configuration = try #require(try Self.load(yaml))
        #expect(configuration.b2cShortcode == "600992")
        #expect(configuration.transactionType == .buyGoods)
        #expect(configuration.tillNumber == "5060708")
        #expect(configuration.pushPartyB == "5060708")
        #expect(configuration.b2cCommand == .salaryPayment)
        #expect(configuration.expectedCallbackSeconds == 90)
    }

    /// A YAML number is taken as written: the reader keeps a scalar's text, so `0174379` keeps its zero.
    @Test(arguments: ["174379", "0174379", "\"600992\"", "12345"])
    func aShortcodeMayBeAYAMLNumber(written: String) throws {
        let yaml = Self.section.replacingOccurrences(of: "shortcode: \"174379\"", with: "shortcode: \(written)")
        let configuration = try #require(try Self.load(yaml))
        #expect(configuration.shortcode == written.replacingOccurrences(of: "\"", with: ""))
    }

    @Test(arguments: [
        ("shortcode: \"174379\"", "shortcode: 1.7e5", "providers.mpesa.shortcode: expected a shortcode of 5 to 9 digits, got 1.7e5"),
        ("shortcode: \"174379\"", "shortcode: 174_379", "providers.mpesa.shortcode: expected a shortcode of 5 to 9 digits, got 174_379"),
        ("shortcode: \"174379\"", "shortcode: 1743", "providers.mpesa.shortcode: expected a shortcode of 5 to 9 digits, got 1743"),
        ("shortcode: \"174379\"", "shortcode: [174379]", "providers.mpesa.shortcode: expected a single value"),
        ("    shortcode: \"174379\"\n", "", "providers.mpesa.shortcode: required unless simulated: true (or set HUB_MPESA_SHORTCODE)"),
        ("    initiator_name: testapi\n", "", "providers.mpesa.initiator_name: required unless simulated: true"),
        ("initiator_name: testapi", "initiator_name: \"\"", "providers.mpesa.initiator_name: must not be empty"),
        ("    passkey: { env: MPESA_PASSKEY }\n", "", "providers.mpesa.passkey: required unless simulated: true"),
        ("consumer_secret: { env: MPESA_SECRET }", "consumer_secret: { env: MISSING }",
         "providers.mpesa.consumer_secret: environment variable MISSING is not set"),
        ("base_url: https://sandbox.safaricom.co.ke/", "base_url: ftp://safaricom",
         "providers.mpesa.base_url: expected an http:// or https:// URL"),
        ("base_url: https://sandbox.safaricom.co.ke/", "base_ulr: https://x", "providers.mpesa.base_ulr: unknown key (did you mean base_url?)"),
        ("initiator_name: testapi", "initiator_name: testapi\n    b2c_shortcode: abcdef",
         "providers.mpesa.b2c_shortcode: expected a shortcode of 5 to 9 digits"),
        ("initiator_name: testapi", "initiator_name: testapi\n    transaction_type: PayBill",
         "providers.mpesa.transaction_type: expected one of CustomerPayBillOnline, CustomerBuyGoodsOnline, got PayBill"),
        ("initiator_name: testapi", "initiator_name: testapi\n    b2c_command: Salary",
         "providers.mpesa.b2c_command: expected one of BusinessPayment, SalaryPayment, PromotionPayment, got Salary"),
        ("initiator_name: testapi", "initiator_name: testapi\n    expected_callback_seconds: soon",
         "providers.mpesa.expected_callback_seconds: expected a whole number"),
        ("initiator_name: testapi", "initiator_name: testapi\n    currencies: [KESH]", "providers.mpesa.currencies[0]: unknown currency KESH"),
    ])
    func aBrokenSettingNamesItsKeyPath(old: String, new: String, expected: String) {
        let problems = Self.problems(Self.section.replacingOccurrences(of: old, with: new))
        #expect(problems.contains { $0.hasPrefix(expected) }, "got \(problems)")
    }

    @Test func aPlainPasswordIsRefusedAsASecurityCredentialWithoutBeingQuoted() {
        var environment = Self.environment
        environment["MPESA_CREDENTIAL"] = "Safaricom999!*!"
        let problems = Self.problems(Self.section, environment: environment)
        #expect(problems.contains { $0.hasPrefix("providers.mpesa.security_credential: expected the base64 RSA-encrypted initiator password") })
        #expect(!problems.joined().contains("Safaricom999"))
    }

    @Test func environmentOverridesApplyAndTheBaseURLSwitchesToTheService() throws {
        let yaml = "providers:\n  mpesa: { type: mpesa, simulated: true }\n"
        let environment = Self.environment.merging([
            "HUB_MPESA_BASE_URL": "https://api.safaricom.co.ke", "HUB_MPESA_CONSUMER_KEY": "key-from-env-0", "HUB_MPESA_CONSUMER_SECRET": "s",
            "HUB_MPESA_SHORTCODE": "600100", "HUB_MPESA_PASSKEY": "p", "HUB_MPESA_INITIATOR_NAME": "api-op",
            "HUB_MPESA_SECURITY_CREDENTIAL": Self.credential, "HUB_MPESA_B2C_SHORTCODE": "600200",
        ]) { $1 }
        let (configuration, _) = try HubConfiguration.load(yaml: yaml, environment: environment, plugins: [AnyProviderPlugin(MPesaPlugin())])
        let provider = try #require(configuration.providers.first)
        #expect(!provider.simulated)
        let settings = try #require((provider.provider() as? MPesaProvider)?.configuration)
        #expect(settings.baseURL == "https://api.safaricom.co.ke")
        #expect(settings.shortcode == "600100")
        #expect(settings.b2cShortcode == "600200")
        #expect(settings.consumerKey == "key-from-env-0")
    }

    @Test func aSimulatedProviderNeedsNoCredentialsAndTakesTheSimulatorsNames() throws {
        let (configuration, _) = try HubConfiguration.load(yaml: "providers:\n  mpesa: { type: mpesa, simulated: true }\n", environment: [:],
                                                           plugins: [AnyProviderPlugin(MPesaPlugin())])
        let provider = try #require(configuration.providers.first)
        #expect(provider.simulated)
        let connection = SimulatorConnection(baseURL: "http://127.0.0.1:9999", credentials: [
            "consumer_key": "k", "consumer_secret": "s", "shortcode": "174379", "passkey": "p", "b2c_shortcode": "600992",
            "initiator_name": "testapi", "security_credential": "c",
        ])
        let settings = try #require((provider.provider(connectedTo: connection) as? MPesaProvider)?.configuration)
        #expect(settings.baseURL == "http://127.0.0.1:9999")
        #expect([settings.consumerKey, settings.consumerSecret, settings.shortcode, settings.passkey, settings.b2cShortcode,
                 settings.initiatorName, settings.securityCredential] == ["k", "s", "174379", "p", "600992", "testapi", "c"])
    }
}
