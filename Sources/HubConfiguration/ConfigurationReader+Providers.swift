import Hub
import Providers
import Yams

/// `providers`: a map from provider id to its `type` and that type's settings.
extension ConfigurationReader {
    static let momoKeys = ["type", "simulated", "base_url", "target_environment", "collection", "disbursement", "currencies",
                           "countries", "expected_callback_seconds", "not_found_grace_seconds"]
    static let stripeKeys = ["type", "simulated", "base_url", "secret_key", "webhook_secrets", "currencies", "countries"]
    static let unlessSimulated = "simulated: true"

    mutating func providers(_ node: Node?) -> [HubConfiguration.Provider] {
        let path = ConfigurationPath.root.key("providers")
        guard let node, case .mapping(let entries) = node, !entries.isEmpty else {
            report(path, "expected a mapping of provider ids to providers, with at least one", node)
            return []
        }
        var providers: [HubConfiguration.Provider] = []
        for (key, value) in entries {
            guard let id = key.string else { continue }
            let providerPath = path.key(id)
            guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                report(providerPath, "a provider id is lower-case letters, digits and '-' (it appears in webhook URLs)", key)
                continue
            }
            guard case .mapping(let settings) = value else {
                report(providerPath, "expected a mapping with a type", value)
                continue
            }
            let typePath = providerPath.key("type")
            switch required(child(settings, "type", at: providerPath), at: typePath) {
            case "mtn-momo": providers.append(mtnMoMo(ProviderID(id), value, at: providerPath))
            case "stripe": providers.append(stripe(ProviderID(id), value, at: providerPath))
            case let other?: report(typePath, "unknown provider type \(other) (expected mtn-momo or stripe)", settings["type"])
            case nil: break
            }
        }
        return providers
    }

    mutating func mtnMoMo(_ id: ProviderID, _ node: Node, at path: ConfigurationPath) -> HubConfiguration.Provider {
        let section = mapping(node, at: path, keys: Self.momoKeys)
        let simulated = boolean(child(section, "simulated", at: path), at: path.key("simulated")) ?? false
        let empty = MTNMoMoConfiguration.Credentials(subscriptionKey: "", apiUser: "", apiKey: "")
        var configuration = MTNMoMoConfiguration(baseURL: "", targetEnvironment: "sandbox", collection: empty, disbursement: empty)
        if let currencies = currencies(child(section, "currencies", at: path), at: path.key("currencies")) {
            configuration.currencies = currencies
        }
        if let countries = countries(child(section, "countries", at: path), at: path.key("countries")) { configuration.countries = countries }
        if let seconds = seconds(child(section, "expected_callback_seconds", at: path), at: path.key("expected_callback_seconds")) {
            configuration.expectedCallbackSeconds = seconds
        }
        if let seconds = seconds(child(section, "not_found_grace_seconds", at: path), at: path.key("not_found_grace_seconds")) {
            configuration.notFoundGraceSeconds = seconds
        }
        if let target = text(child(section, "target_environment", at: path), at: path.key("target_environment")) {
            if target.isEmpty { report(path.key("target_environment"), "must not be empty") } else { configuration.targetEnvironment = target }
        }
        withConnection(simulated: simulated) { reader in
            configuration.baseURL = reader.connectionURL(section, at: path, simulated: simulated) ?? ""
            configuration.collection = reader.credentials(section, "collection", at: path, simulated: simulated) ?? empty
            configuration.disbursement = reader.credentials(section, "disbursement", at: path, simulated: simulated) ?? empty
        }
        return HubConfiguration.Provider(id: id, settings: .mtnMoMo(configuration), simulated: simulated)
    }

    mutating func stripe(_ id: ProviderID, _ node: Node, at path: ConfigurationPath) -> HubConfiguration.Provider {
        let section = mapping(node, at: path, keys: Self.stripeKeys)
        let simulated = boolean(child(section, "simulated", at: path), at: path.key("simulated")) ?? false
        var configuration = StripeConfiguration(secretKey: "", webhookSecrets: [])
        if let currencies = currencies(child(section, "currencies", at: path), at: path.key("currencies")) {
            configuration.currencies = currencies
        }
        if let countries = countries(child(section, "countries", at: path), at: path.key("countries")) { configuration.countries = countries }
        withConnection(simulated: simulated) { reader in
            if let url = reader.url(reader.child(section, "base_url", at: path), at: path.key("base_url")) { configuration.baseURL = url }
            configuration.secretKey = reader.connectionSecret(section, "secret_key", at: path, simulated: simulated) {
                $0.hasPrefix("sk_") || $0.hasPrefix("rk_") ? nil : "expected a Stripe secret or restricted key (sk_… or rk_…)"
            } ?? ""
            configuration.webhookSecrets = reader.webhookSecrets(section, at: path, simulated: simulated)
        }
        return HubConfiguration.Provider(id: id, settings: .stripe(configuration), simulated: simulated)
    }

    /// Reads a provider's address and credentials. For a simulated provider they are optional and, when present,
    /// checked for form only: the simulator's own replace them, so `{ env: NAME }` references are not resolved.
    private mutating func withConnection(simulated: Bool, _ read: (inout ConfigurationReader) -> Void) {
        let resolving = resolvesReferences
        resolvesReferences = resolving && !simulated
        defer { resolvesReferences = resolving }
        read(&self)
    }

    private mutating func connectionURL(_ section: Node.Mapping?, at path: ConfigurationPath, simulated: Bool) -> String? {
        let node = child(section, "base_url", at: path)
        if node == nil, !simulated { return required(nil, at: path.key("base_url"), unless: Self.unlessSimulated) }
        return url(node, at: path.key("base_url"))
    }

    private mutating func credentials(_ section: Node.Mapping?, _ product: String, at parent: ConfigurationPath,
                                      simulated: Bool) -> MTNMoMoConfiguration.Credentials? {
        let path = parent.key(product)
        let node = child(section, product, at: parent)
        let keys = ["subscription_key", "api_user", "api_key"]
        let mapping = mapping(node, at: path, keys: keys)
        guard node != nil || !simulated else { return nil }
        let values = keys.map { connectionSecret(mapping, $0, at: path, simulated: simulated) }
        guard let key = values[0], let user = values[1], let apiKey = values[2] else { return nil }
        return MTNMoMoConfiguration.Credentials(subscriptionKey: key, apiUser: user, apiKey: apiKey)
    }

    /// A credential: required for the real service, optional for a simulated provider.
    private mutating func connectionSecret(_ section: Node.Mapping?, _ key: String, at parent: ConfigurationPath, simulated: Bool,
                                           validate: (String) -> String? = { _ in nil }) -> String? {
        guard simulated else { return requiredSecret(section, key, at: parent, unless: Self.unlessSimulated, validate: validate) }
        return secret(child(section, key, at: parent), at: parent.key(key), validate: validate)
    }

    private mutating func webhookSecrets(_ section: Node.Mapping?, at parent: ConfigurationPath, simulated: Bool) -> [String] {
        let path = parent.key("webhook_secrets")
        let node = child(section, "webhook_secrets", at: parent)
        guard let items = list(node, at: path), !items.isEmpty else {
            if !simulated {
                let variable = overrides.variables[path].map { " (or set \($0))" } ?? ""
                report(path, "at least one whsec_ secret is required unless \(Self.unlessSimulated)" + variable, node)
            }
            return []
        }
        return items.compactMap { secret($0.node, at: $0.path, validate: Self.stripeWebhookSecretProblem) }
    }

    mutating func currencies(_ node: Node?, at path: ConfigurationPath) -> Set<Currency>? {
        guard let items = list(node, at: path) else { return nil }
        if items.isEmpty { report(path, "list at least one currency, or leave the key out for the defaults", node) }
        return Set(items.compactMap { currency($0.node, at: $0.path) })
    }

    mutating func currency(_ node: Node?, at path: ConfigurationPath) -> Currency? {
        guard let code = text(node, at: path) else { return nil }
        guard let currency = Currency(code: code) else {
            report(path, "unknown currency \(code): the hub has no exponent for it", node)
            return nil
        }
        return currency
    }

    mutating func countries(_ node: Node?, at path: ConfigurationPath) -> Set<String>? {
        guard let items = list(node, at: path) else { return nil }
        if items.isEmpty { report(path, "list at least one country, or leave the key out for the defaults", node) }
        return Set(items.compactMap { country($0.node, at: $0.path) })
    }

    /// An ISO 3166-1 alpha-2 code in upper case.
    mutating func country(_ node: Node?, at path: ConfigurationPath) -> String? {
        guard let code = text(node, at: path) else { return nil }
        guard code.count == 2, code.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
            report(path, "expected an ISO 3166-1 alpha-2 country code such as RW, got \(code)", node)
            return nil
        }
        return code
    }
}
