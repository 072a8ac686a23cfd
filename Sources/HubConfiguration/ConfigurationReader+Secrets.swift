import Yams

/// Secrets: `{ env: NAME }`, read from the environment when the configuration is loaded, or an inline string,
/// accepted with a warning because the file then holds the secret.
extension ConfigurationReader {
    /// The secret's value; `nil` when it is absent, wrong, or a reference left unresolved by `check`.
    ///
    /// `validate` returns why a value is unacceptable; its message must not quote the value.
    mutating func secret(_ node: Node?, at path: ConfigurationPath, validate: (String) -> String? = { _ in nil }) -> String? {
        guard let node else { return nil }
        let value: String
        switch node {
        case .scalar(let scalar):
            value = scalar.string
            if overrides.variable(covering: path) == nil {
                warn(path, "secret written in the file; prefer { env: NAME }", node)
            }
        case .mapping:
            guard let reference = mapping(node, at: path, keys: ["env"]),
                  let name = required(child(reference, "env", at: path), at: path.key("env"))
            else { return nil }
            guard Self.isVariableName(name) else {
                report(path.key("env"), "\(name) is not an environment variable name (A-Z, 0-9, _)", node)
                return nil
            }
            guard resolvesReferences, let environment else { return nil }
            guard let resolved = environment[name], !resolved.isEmpty else {
                report(path, "environment variable \(name) is not set", node)
                return nil
            }
            value = resolved
        case .sequence:
            report(path, "expected a secret: { env: NAME } or a string", node)
            return nil
        case .alias:
            report(path, "aliases are not supported here", node)
            return nil
        }
        if let reason = validate(value) {
            report(path, reason, node)
            return nil
        }
        return value
    }

    /// Like `secret`, but reports a missing value; returns `""` for a reference left unresolved by `check`.
    mutating func requiredSecret(_ mapping: Node.Mapping?, _ key: String, at parent: ConfigurationPath, unless condition: String? = nil,
                                 validate: (String) -> String? = { _ in nil }) -> String? {
        let path = parent.key(key)
        guard let node = child(mapping, key, at: parent) else {
            _ = required(nil, at: path, unless: condition)
            return nil
        }
        let problemsBefore = problems.count
        let value = secret(node, at: path, validate: validate)
        return value ?? (problems.count == problemsBefore ? "" : nil)
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
