import Hub
import Yams

/// `routing`: the ordered rules that pick providers for a payment (see `ProviderRouter`).
extension ConfigurationReader {
    static let ruleKeys = ["name", "direction", "method", "country", "currency", "min_amount", "max_amount", "msisdn_prefixes",
                           "providers"]

    mutating func routing(_ node: Node?, providers: Set<ProviderID>) -> [RoutingRule] {
        guard let items = list(node, at: ConfigurationPath.root.key("routing")) else { return [] }
        var names: [String: ConfigurationPath] = [:]
        return items.compactMap { rule($0.node, at: $0.path, providers: providers, names: &names) }
    }

    private mutating func rule(_ node: Node, at path: ConfigurationPath, providers: Set<ProviderID>,
                               names: inout [String: ConfigurationPath]) -> RoutingRule? {
        guard let section = mapping(node, at: path, keys: Self.ruleKeys) else { return nil }
        let namePath = path.key("name")
        let name = required(child(section, "name", at: path), at: namePath)
        if let name {
            if name.isEmpty { report(namePath, "must not be empty", section["name"]) }
            if let first = names[name] { report(namePath, "duplicate rule name \(name) (also \(first))", section["name"]) }
            names[name] = names[name] ?? namePath
        }
        var rule = RoutingRule(name: name ?? "", targets: [])
        rule.direction = choice(child(section, "direction", at: path), at: path.key("direction"),
                                among: RoutingRule.Direction.allCases.map(\.rawValue)).flatMap(RoutingRule.Direction.init(rawValue:))
        rule.method = choice(child(section, "method", at: path), at: path.key("method"),
                             among: PaymentMethod.allCases.map(\.rawValue)).flatMap(PaymentMethod.init(rawValue:))
        rule.country = country(child(section, "country", at: path), at: path.key("country"))
        rule.currency = currency(child(section, "currency", at: path), at: path.key("currency"))
        let currencyGiven = child(section, "currency", at: path) != nil
        rule.minimumAmount = amount(child(section, "min_amount", at: path), at: path.key("min_amount"), rule.currency, currencyGiven)
        rule.maximumAmount = amount(child(section, "max_amount", at: path), at: path.key("max_amount"), rule.currency, currencyGiven)
        if let minimum = rule.minimumAmount, let maximum = rule.maximumAmount, minimum > maximum {
            report(path.key("min_amount"), "is above max_amount", section["min_amount"])
        }
        rule.msisdnPrefixes = (list(child(section, "msisdn_prefixes", at: path), at: path.key("msisdn_prefixes")) ?? []).compactMap {
            msisdnPrefix($0.node, at: $0.path)
        }
        rule.targets = targets(child(section, "providers", at: path), at: path.key("providers"), defined: providers)
        return rule
    }

    /// A bound in major units of the rule's currency, parsed exactly; returned in minor units.
    private mutating func amount(_ node: Node?, at path: ConfigurationPath, _ currency: Currency?, _ currencyGiven: Bool) -> Int64? {
        guard let text = text(node, at: path) else { return nil }
        guard let currency else {
            if !currencyGiven { report(path, "needs the rule's currency: amounts are decimal strings in its major units", node) }
            return nil
        }
        do {
            return try Money(parsing: text, currency: currency).minorUnits
        } catch {
            report(path, "\(text): \(error)", node)
            return nil
        }
    }

    /// An E.164 prefix: `+` and one to fifteen digits.
    private mutating func msisdnPrefix(_ node: Node, at path: ConfigurationPath) -> String? {
        guard let prefix = text(node, at: path) else { return nil }
        let digits = prefix.dropFirst()
        guard prefix.hasPrefix("+"), (1...15).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            report(path, "expected an E.164 prefix such as +25078, got \(prefix)", node)
            return nil
        }
        return prefix
    }

    /// `providers:` of a rule: ids, or `{ id, weight }` to split volume among them.
    private mutating func targets(_ node: Node?, at path: ConfigurationPath, defined: Set<ProviderID>) -> [RoutingRule.Target] {
        guard let items = list(node, at: path), !items.isEmpty else {
            report(path, "a rule needs at least one provider", node)
            return []
        }
        var targets: [RoutingRule.Target] = []
        for (item, itemPath) in items {
            var idNode: Node? = item
            var idPath = itemPath
            var weight: Int?
            if case .mapping = item {
                let entry = mapping(item, at: itemPath, keys: ["id", "weight"])
                idPath = itemPath.key("id")
                idNode = child(entry, "id", at: itemPath)
                let weightNode = child(entry, "weight", at: itemPath)
                if let text = text(weightNode, at: itemPath.key("weight")) {
                    if let value = Int(text), value > 0 { weight = value } else {
                        report(itemPath.key("weight"), "a weight is a whole number above 0, got \(text)", weightNode)
                    }
                }
            }
            guard let id = required(idNode, at: idPath) else { continue }
            if !defined.contains(ProviderID(id)) {
                report(idPath, "no provider \(id) is defined under providers", idNode)
            } else if targets.contains(where: { $0.provider.rawValue == id }) {
                report(idPath, "\(id) is listed twice", idNode)
            } else {
                targets.append(RoutingRule.Target(provider: ProviderID(id), weight: weight))
            }
        }
        return targets
    }
}
