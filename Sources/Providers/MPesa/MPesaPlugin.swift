import Foundation
import Hub

/// M-Pesa (Safaricom's Daraja API) as the hub's configuration, `hub serve` and `hub simulate mpesa` know it.
///
/// ```yaml
/// providers:
///   mpesa:
///     type: mpesa
///     base_url: https://api.safaricom.co.ke
///     consumer_key: { env: MPESA_CONSUMER_KEY }
///     consumer_secret: { env: MPESA_CONSUMER_SECRET }
///     shortcode: "174379"                               # a YAML number is read as written, digits only
///     passkey: { env: MPESA_PASSKEY }
///     initiator_name: miliano-api
///     security_credential: { env: MPESA_SECURITY_CREDENTIAL }   # base64, as the portal produces it
/// ```
/// The simulator's connection carries `consumer_key`, `consumer_secret`, `shortcode`, `passkey`, `b2c_shortcode`,
/// `initiator_name` and `security_credential`.
public struct MPesaPlugin: ProviderPlugin {
    public init() {}

    /// Daraja reaches Safaricom's M-Pesa subscribers only.
    public var mobileNetworks: MobileNetworks { .only(["Safaricom"]) }

    public var type: String { "mpesa" }

    public var settingKeys: [String] {
        ["base_url", "consumer_key", "consumer_secret", "shortcode", "passkey", "till_number", "b2c_shortcode", "initiator_name",
         "security_credential", "transaction_type", "b2c_command", "currencies", "countries", "expected_callback_seconds"]
    }

    public var environment: EnvironmentOverrideTable {
        EnvironmentOverrideTable(prefix: "HUB_MPESA_", switchesToService: "BASE_URL", settings: [
            .init("BASE_URL", "base_url"),
            .init("CONSUMER_KEY", "consumer_key"),
            .init("CONSUMER_SECRET", "consumer_secret"),
            .init("SHORTCODE", "shortcode"),
            .init("PASSKEY", "passkey"),
            .init("TILL_NUMBER", "till_number"),
            .init("B2C_SHORTCODE", "b2c_shortcode"),
            .init("INITIATOR_NAME", "initiator_name"),
            .init("SECURITY_CREDENTIAL", "security_credential"),
            .init("TRANSACTION_TYPE", "transaction_type"),
            .init("B2C_COMMAND", "b2c_command"),
            .init("EXPECTED_CALLBACK_SECONDS", "expected_callback_seconds"),
        ])
    }

    public func readSettings(_ reader: any ProviderSettingsReader) -> MPesaConfiguration {
        let shortcode = MPesaSettings.shortcode(reader, "shortcode", required: true)
        var configuration = MPesaConfiguration(
            baseURL: reader.serviceURL("base_url") ?? "", consumerKey: reader.credential("consumer_key") ?? "",
            consumerSecret: reader.credential("consumer_secret") ?? "", shortcode: shortcode ?? "",
            passkey: reader.credential("passkey") ?? "", tillNumber: MPesaSettings.shortcode(reader, "till_number", required: false),
            b2cShortcode: MPesaSettings.shortcode(reader, "b2c_shortcode", required: false),
            initiatorName: MPesaSettings.initiatorName(reader) ?? "",
            securityCredential: reader.credential("security_credential", validate: MPesaSettings.securityCredentialProblem) ?? "")
        if let type = MPesaSettings.choice(reader, "transaction_type", MPesaConfiguration.TransactionType.self) {
            configuration.transactionType = type
        }
        if let command = MPesaSettings.choice(reader, "b2c_command", MPesaConfiguration.B2CCommand.self) {
            configuration.b2cCommand = command
        }
        if let currencies = reader.currencies("currencies") { configuration.currencies = currencies }
        if let countries = reader.countries("countries") { configuration.countries = countries }
        if let seconds = reader.seconds("expected_callback_seconds") { configuration.expectedCallbackSeconds = seconds }
        return configuration
    }

    public func connect(_ settings: MPesaConfiguration, to simulator: SimulatorConnection) -> MPesaConfiguration {
        var settings = settings
        settings.baseURL = simulator.baseURL
        settings.consumerKey = simulator["consumer_key"]
        settings.consumerSecret = simulator["consumer_secret"]
        settings.shortcode = simulator["shortcode"]
        settings.passkey = simulator["passkey"]
        settings.tillNumber = nil
        settings.b2cShortcode = simulator["b2c_shortcode"].isEmpty ? settings.shortcode : simulator["b2c_shortcode"]
        settings.initiatorName = simulator["initiator_name"]
        settings.securityCredential = simulator["security_credential"]
        return settings
    }

    public func makeProvider(id: ProviderID, settings: MPesaConfiguration) -> any PaymentProvider {
        MPesaProvider(id: id, configuration: settings)
    }
}

/// How the plugin reads and checks the settings that are more than text.
enum MPesaSettings {
    /// A shortcode as text: 5 to 9 ASCII digits. A YAML number is taken as written (the configuration reader keeps
    /// a scalar's text, so a leading zero survives); anything else (`1.7e5`, `174_379`, letters) is refused.
    static func shortcode(_ reader: any ProviderSettingsReader, _ key: String, required: Bool) -> String? {
        guard let text = reader.text(key) else {
            if required, !reader.simulated {
                reader.report(key, "required unless simulated: true (or set HUB_MPESA_\(key.uppercased()))")
            }
            return nil
        }
        guard isShortcode(text) else {
            reader.report(key, "expected a shortcode of 5 to 9 digits, got \(text.prefix(24))")
            return nil
        }
        return text
    }

    static func isShortcode(_ text: String) -> Bool {
        (5...9).contains(text.count) && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    static func initiatorName(_ reader: any ProviderSettingsReader) -> String? {
        guard let name = reader.text("initiator_name") else {
            if !reader.simulated { reader.report("initiator_name", "required unless simulated: true (or set HUB_MPESA_INITIATOR_NAME)") }
            return nil
        }
        guard !name.isEmpty else {
            reader.report("initiator_name", "must not be empty")
            return nil
        }
        return name
    }

    /// Why a security credential is unusable, never quoting it: it must be the portal's base64 ciphertext (an RSA
    /// block of at least 1024 bits), not the initiator's plain password.
    static func securityCredentialProblem(_ value: String) -> String? {
        guard let bytes = Data(base64Encoded: value), bytes.count >= 128 else {
            return "expected the base64 RSA-encrypted initiator password the M-PESA portal produces, not the password itself"
        }
        return nil
    }

    /// One of an enumeration's raw values, naming them all when the value is something else.
    static func choice<Choice: RawRepresentable & CaseIterable>(_ reader: any ProviderSettingsReader, _ key: String,
                                                                 _ type: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let text = reader.text(key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            reader.report(key, "expected one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), got \(text.prefix(40))")
            return nil
        }
        return value
    }
}
