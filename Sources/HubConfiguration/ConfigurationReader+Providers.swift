import Hub
import Yams

/// `providers`: a map from provider id to its `type` and that type's settings, read by the type's plugin.
extension ConfigurationReader {
    static let unlessSimulated = "simulated: true"
    /// A provider id is spelt into webhook URLs, ledger account names and metric labels: a bound keeps each of them
    /// readable and under the length limits of the systems that carry them.
    static let maximumProviderIDLength = 64

    mutating func providers(_ node: Node?, plugins: [AnyProviderPlugin]) -> [ConfiguredProvider] {
        let path = ConfigurationPath.root.key("providers")
        guard let node, case .mapping(let entries) = node, !entries.isEmpty else {
            report(path, "expected a mapping of provider ids to providers, with at least one", node)
            return []
        }
        var providers: [ConfiguredProvider] = []
        for (key, value) in entries {
            guard let id = key.string else { continue }
            let providerPath = path.key(id)
            guard !id.isEmpty, id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                report(providerPath, "a provider id is lower-case letters, digits and '-' (it appears in webhook URLs)", key)
                continue
            }
            guard id.utf8.count <= Self.maximumProviderIDLength else {
                let limit = Self.maximumProviderIDLength
                report(providerPath, "a provider id is at most \(limit) characters (it names ledger accounts and webhook URLs)", key)
                continue
            }
            guard case .mapping(let settings) = value else {
                report(providerPath, "expected a mapping with a type", value)
                continue
            }
            let typePath = providerPath.key("type")
            guard let type = required(child(settings, "type", at: providerPath), at: typePath) else { continue }
            guard let plugin = plugins.first(where: { $0.type == type }) else {
                let known = plugins.map(\.type).joined(separator: ", ")
                report(typePath, "unknown provider type \(type) (expected one of: \(known))", settings["type"])
                continue
            }
            let section = mapping(value, at: providerPath, keys: ["type", "simulated"] + plugin.settingKeys)
            let simulated = boolean(child(section, "simulated", at: providerPath), at: providerPath.key("simulated")) ?? false
            // A simulated provider's address and credentials are the simulator's: checked for form, not resolved.
            let resolving = resolvesReferences
            resolvesReferences = resolving && !simulated
            let box = ReaderBox(self)
            let configured = plugin.configure(id: ProviderID(id), reader: SectionReader(box: box, mapping: section, path: providerPath,
                                                                                       simulated: simulated))
            self = box.reader
            resolvesReferences = resolving
            providers.append(configured)
        }
        return providers
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
