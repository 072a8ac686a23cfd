import Hub
import Yams

/// `api_keys`: the keys the wallet backend and operators present, each `{ id, key, scopes }` with `key` a secret
/// (`{ env: NAME }`). A bare key (a string, or `{ env: NAME }` alone), as older files have them, keeps every scope
/// and gets an id derived from it, with a warning; so do the keys of `HUB_API_KEYS`, without one.
extension ConfigurationReader {
    static let apiKeyFields = ["id", "key", "scopes"]

    mutating func apiKeys(_ node: Node?) -> [APIKey] {
        let path = ConfigurationPath.root.key("api_keys")
        guard let items = list(node, at: path) else { return [] }
        var keys: [APIKey] = []
        var idPaths: [String: ConfigurationPath] = [:]
        var keyPaths: [String: ConfigurationPath] = [:]
        for item in items {
            guard let entry = apiKey(item.node, at: item.path) else { continue }
            let (key, idPath) = entry
            if let first = idPaths[key.id] {
                report(idPath, "duplicate id \(key.id): \(first) has it already", item.node)
                continue
            }
            if !key.key.isEmpty, let first = keyPaths[key.key] {
                report(item.path, "the same key as \(first): give each caller its own key", item.node)
                continue
            }
            idPaths[key.id] = idPath
            if !key.key.isEmpty { keyPaths[key.key] = item.path }
            keys.append(key)
        }
        return keys
    }

    /// One entry and the path its id is reported at; `nil` after reporting what is wrong, or for a bare reference
    /// left unresolved by `check` (it has no id to check yet).
    private mutating func apiKey(_ node: Node, at path: ConfigurationPath) -> (APIKey, ConfigurationPath)? {
        let validate: (String) -> String? = { $0.isEmpty ? "must not be empty" : nil }
        if node.mapping == nil || node["env"] != nil {
            guard let key = secret(node, at: path, validate: validate) else { return nil }
            if overrides.variable(covering: path) == nil {
                warn(path, "a key without an id and scopes has every scope, admin included; "
                     + "write { id, key: { env: NAME }, scopes: [...] }", node)
            }
            return (APIKey.unscoped(key), path)
        }
        let entry = mapping(node, at: path, keys: Self.apiKeyFields)
        let idPath = path.key("id")
        let id = required(child(entry, "id", at: path), at: idPath)
        if let id, !APIKey.isValidID(id) {
            report(idPath, "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit", node)
        }
        let key = requiredSecret(entry, "key", at: path, validate: validate)
        let scopes = scopes(child(entry, "scopes", at: path), at: path.key("scopes"))
        guard let id, APIKey.isValidID(id), let key, let scopes else { return nil }
        return (APIKey(id: id, key: key, scopes: scopes), idPath)
    }

    /// A non-empty list of scope names (`payments:write`, `payments:read`, `admin`), each at most once.
    private mutating func scopes(_ node: Node?, at path: ConfigurationPath) -> Set<APIScope>? {
        guard let node else {
            report(path, "required: a list of \(APIScope.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let items = list(node, at: path) else { return nil }
        guard !items.isEmpty else {
            report(path, "must name at least one scope", node)
            return nil
        }
        var scopes = Set<APIScope>()
        var valid = true
        for item in items {
            guard let name = text(item.node, at: item.path) else {
                valid = false
                continue
            }
            guard let scope = APIScope(rawValue: name) else {
                let hint = Self.closest(to: name, among: APIScope.allCases.map(\.rawValue)).map { " (did you mean \($0)?)" } ?? ""
                report(item.path, "unknown scope \(name.prefix(40))\(hint); expected one of "
                       + APIScope.allCases.map(\.rawValue).joined(separator: ", "), item.node)
                valid = false
                continue
            }
            if !scopes.insert(scope).inserted { report(item.path, "\(name) is listed twice", item.node) }
        }
        return valid ? scopes : nil
    }
}
