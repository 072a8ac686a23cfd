import Foundation
import Hub
import HubConfiguration
import Testing
import Webhooks
@testable import Providers

/// The `airtel-money` section of the configuration, read through the plugin as `hub serve` reads it: values,
/// defaults, `HUB_AIRTEL_*` overrides, and every problem named by its key path.
@Suite struct AirtelMoneyPluginTests {
    typealias Support = AirtelMoneyTestSupport
    static let plugins = [AnyProviderPlugin(AirtelMoneyPlugin())]

    static let yaml = """
        providers:
          airtel-ug:
            type: airtel-money
            base_url: https://openapi.airtel.africa/
            client_id: { env: AIRTEL_CLIENT_ID }
            client_secret: { env: AIRTEL_CLIENT_SECRET }
            country: UG
            pin: { env: AIRTEL_PIN }
            encryption_public_key: { env: AIRTEL_PUBLIC_KEY }
            callback_hash_key: { env: AIRTEL_CALLBACK_KEY }
        """

    static let environment: [String: String] = [
        "AIRTEL_CLIENT_ID": Support.clientID, "AIRTEL_CLIENT_SECRET": Support.clientSecret, "AIRTEL_PIN": "4096",
        "AIRTEL_PUBLIC_KEY": Support.airtelKey.publicKey.pem, "AIRTEL_CALLBACK_KEY": Support.hashKey,
    ]

    static func load(_ yaml: String, _ environment: [String: String] = environment) throws -> (AirtelMoneyConfiguration, [String]) {
        let (configuration, warnings) = try HubConfiguration.load(yaml: yaml, environment: environment, plugins: plugins)
        let provider = try #require(configuration.providers.first?.provider() as? AirtelMoneyProvider)
        return (provider.configuration, warnings.map(\.description))
    }

    static func problems(_ yaml: String, _ environment: [String: String] = environment) -> [String] {
        do {
            _ = try HubConfiguration.load(yaml: yaml, environment: environment, plugins: plugins)
            return []
        } catch {
            return error.problems.map(\.description)
        }
    }

    @Test func aFullSectionIsRead() throws {
        let (configuration, warnings) = try Self.load(Self.yaml)
        #expect(warnings == [])
        #expect(configuration.baseURL == "https://openapi.airtel.africa")
        #expect(configuration.clientID == Support.clientID)
        #expect(configuration.clientSecret == Support.clientSecret)
        #expect(configuration.country == "UG")
        #expect(configuration.currency == .UGX)
        #expect(configuration.pin == "4096")
        #expect(configuration.encryptionKey?.derBytes == Support.airtelKey.publicKey.derBytes)
        #expect(configuration.callbackHashKey == Support.hashKey)
        #expect(configuration.apiVersion == .v2)
        #expect(configuration.expectedCallbackSeconds == 60)
        #expect(configuration.notFoundGraceSeconds == 600)
    }

    @Test func optionalKeysAndTheirValues() throws {
        let yaml = Self.yaml.replacingOccurrences(of: "\n    callback_hash_key: { env: AIRTEL_CALLBACK_KEY }", with: "")
            + "\n    country: KE\n    currency: KES\n    api_version: v1\n    expected_callback_seconds: 180\n    not_found_grace_seconds: 900"
        let (configuration, _) = try Self.load(yaml.replacingOccurrences(of: "    country: UG\n", with: ""))
        #expect(configuration.callbackHashKey == nil, "no callback authentication: callbacks are read as plain hints")
        #expect(configuration.country == "KE")
        #expect(configuration.currency == .KES)
        #expect(configuration.apiVersion == .v1)
        #expect(configuration.expectedCallbackSeconds == 180)
        #expect(configuration.notFoundGraceSeconds == 900)
    }

    @Test func theCurrencyDefaultsToTheCountrysAndCongoAlsoTakesDollars() throws {
        let zambia = try Self.load(Self.yaml.replacingOccurrences(of: "country: UG", with: "country: ZM")).0
        #expect(zambia.currency.code == "ZMW")
        let congo = try Self.load(Self.yaml.replacingOccurrences(of: "country: UG", with: "country: CD\n    currency: USD")).0
        #expect(congo.currency == .USD)
    }

    @Test func theKeyMayBeThePortalsBase64() throws {
        var environment = Self.environment
        environment["AIRTEL_PUBLIC_KEY"] = Base64.encode(Support.airtelKey.publicKey.derBytes)
        #expect(try Self.load(Self.yaml, environment).0.encryptionKey?.derBytes == Support.airtelKey.publicKey.derBytes)
    }

    @Test func simulatedAndUnsetIsUgandaInShillings() throws {
        let (configuration, warnings) = try Self.load("providers:\n  airtel: { type: airtel-money, simulated: true }\n", [:])
        #expect(warnings == [])
        #expect(configuration.country == "UG")
        #expect(configuration.currency == .UGX)
        #expect(configuration.callbackHashKey == nil)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let yaml: String
        var environment: [String: String] = AirtelMoneyPluginTests.environment
        let expected: String
        var testDescription: String { expected }
    }

    static let broken: [Broken] = [
        Broken(yaml: yaml.replacingOccurrences(of: "country: UG", with: "country: UG\n    currency: KES"),
               expected: "providers.airtel-ug.currency: KES is not the wallet currency of UG (UGX)"),
        Broken(yaml: yaml.replacingOccurrences(of: "country: UG", with: "country: CD\n    currency: EUR"),
               expected: "providers.airtel-ug.currency: EUR is not the wallet currency of CD (CDF or USD)"),
        Broken(yaml: yaml.replacingOccurrences(of: "country: UG", with: "country: ZA"),
               expected: "providers.airtel-ug.country: expected an Airtel Money country (UG, RW, KE, TZ, ZM, MW, CD, NG, NE, TD, CG, GA), got ZA"),
        Broken(yaml: yaml.replacingOccurrences(of: "    country: UG\n", with: ""),
               expected: "providers.airtel-ug.country: required unless simulated: true (or set HUB_AIRTEL_COUNTRY)"),
        Broken(yaml: yaml, environment: environment.merging(["AIRTEL_PUBLIC_KEY": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]) { $1 },
               expected: "providers.airtel-ug.encryption_public_key: expected Airtel's RSA public key, a PEM PUBLIC KEY block or its base64 DER"),
        Broken(yaml: yaml, environment: environment.merging(["AIRTEL_PUBLIC_KEY": RSAPrivateKey.generate(bits: 512).publicKey.pem]) { $1 },
               expected: "providers.airtel-ug.encryption_public_key: expected an RSA key of at least 1024 bits, got 512"),
        Broken(yaml: yaml, environment: environment.merging(["AIRTEL_PIN": "12a4"]) { $1 },
               expected: "providers.airtel-ug.pin: expected the disbursement PIN: 4 to 6 digits"),
        Broken(yaml: yaml + "\n    api_version: v3", expected: "providers.airtel-ug.api_version: expected v1 or v2, got v3"),
        Broken(yaml: yaml.replacingOccurrences(of: "    client_secret: { env: AIRTEL_CLIENT_SECRET }\n", with: ""),
               expected: "providers.airtel-ug.client_secret: required unless simulated: true (or set HUB_AIRTEL_CLIENT_SECRET)"),
        Broken(yaml: yaml.replacingOccurrences(of: "    encryption_public_key: { env: AIRTEL_PUBLIC_KEY }\n", with: ""),
               expected: "providers.airtel-ug.encryption_public_key: required unless simulated: true (or set HUB_AIRTEL_ENCRYPTION_PUBLIC_KEY)"),
        Broken(yaml: yaml.replacingOccurrences(of: "    base_url: https://openapi.airtel.africa/\n", with: ""),
               expected: "providers.airtel-ug.base_url: required unless simulated: true"),
        Broken(yaml: yaml, environment: environment.filter { $0.key != "AIRTEL_CALLBACK_KEY" },
               expected: "providers.airtel-ug.callback_hash_key: environment variable AIRTEL_CALLBACK_KEY is not set"),
        Broken(yaml: yaml.replacingOccurrences(of: "{ env: AIRTEL_CALLBACK_KEY }", with: "inline-key"),
               expected: "providers.airtel-ug.callback_hash_key: expected a mapping"),
        Broken(yaml: yaml + "\n    expected_callback_seconds: soon", expected: "providers.airtel-ug.expected_callback_seconds: expected a whole number"),
        Broken(yaml: yaml + "\n    secret_key: x", expected: "providers.airtel-ug.secret_key: unknown key"),
    ]

    @Test(arguments: broken)
    func aBrokenSectionNamesTheKeyPath(_ broken: Broken) {
        let problems = Self.problems(broken.yaml, broken.environment)
        #expect(problems.contains { $0.hasPrefix(broken.expected) }, "got \(problems)")
    }

    @Test func problemsNeverQuoteASecret() {
        let problems = Self.problems(Self.yaml, Self.environment.merging(["AIRTEL_PIN": "98765432"]) { $1 })
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { !$0.contains("98765432") })
    }

    @Test func anInlineSecretIsAcceptedWithAWarning() throws {
        let (configuration, warnings) = try Self.load(Self.yaml.replacingOccurrences(of: "{ env: AIRTEL_CLIENT_SECRET }", with: "inline-secret"))
        #expect(configuration.clientSecret == "inline-secret")
        #expect(warnings.contains { $0.hasPrefix("providers.airtel-ug.client_secret: secret written in the file") })
    }

    @Test func variablesOverrideTheFileAndTheBaseURLSwitchesToTheService() throws {
        let builtIn = HubConfiguration.builtInYAML(plugins: Self.plugins)
        let needsAll = Self.problems(builtIn, ["HUB_AIRTEL_BASE_URL": "https://openapiuat.airtel.africa"])
        #expect(needsAll.contains("providers.airtel-money.client_id: required unless simulated: true (or set HUB_AIRTEL_CLIENT_ID)"))
        #expect(needsAll.contains("providers.airtel-money.country: required unless simulated: true (or set HUB_AIRTEL_COUNTRY)"))
        let (configuration, _) = try Self.load(builtIn, [
            "HUB_AIRTEL_BASE_URL": "https://openapiuat.airtel.africa", "HUB_AIRTEL_CLIENT_ID": "id-from-env",
            "HUB_AIRTEL_CLIENT_SECRET": "secret-from-env", "HUB_AIRTEL_COUNTRY": "RW", "HUB_AIRTEL_PIN": "1234",
            "HUB_AIRTEL_ENCRYPTION_PUBLIC_KEY": Base64.encode(Support.airtelKey.publicKey.derBytes), "HUB_AIRTEL_API_VERSION": "v1",
            "HUB_AIRTEL_EXPECTED_CALLBACK_SECONDS": "45",
        ])
        #expect(configuration.baseURL == "https://openapiuat.airtel.africa")
        #expect(configuration.clientID == "id-from-env")
        #expect(configuration.country == "RW")
        #expect(configuration.currency == .RWF)
        #expect(configuration.apiVersion == .v1)
        #expect(configuration.expectedCallbackSeconds == 45)
    }

    @Test func theSimulatorsCredentialsReplaceTheSettings() throws {
        let connection = SimulatorConnection(baseURL: "http://127.0.0.1:4567", credentials: [
            "client_id": "sim-id", "client_secret": "sim-secret", "pin": "2468", "encryption_public_key": Support.airtelKey.publicKey.pem,
            "callback_hash_key": "sim-hash-key", "country": "UG", "currency": "UGX",
        ])
        let settings = AirtelMoneyConfiguration(baseURL: "", clientID: "", clientSecret: "", country: "KE", currency: .KES)
        let connected = AirtelMoneyPlugin().connect(settings, to: connection)
        #expect(connected.baseURL == "http://127.0.0.1:4567")
        #expect(connected.clientID == "sim-id")
        #expect(connected.clientSecret == "sim-secret")
        #expect(connected.pin == "2468")
        #expect(connected.encryptionKey?.derBytes == Support.airtelKey.publicKey.derBytes)
        #expect(connected.callbackHashKey == "sim-hash-key")
        #expect(connected.country == "UG")
        #expect(connected.currency == .UGX)
        let provider = AirtelMoneyPlugin().makeProvider(id: "airtel", settings: connected)
        #expect(provider.id == "airtel")
        #expect(provider.capabilities.countries == ["UG"])
    }
}
