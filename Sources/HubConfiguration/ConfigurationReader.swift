import Foundation
import Yams

/// Reads a YAML document into settings, collecting every problem with the key path it concerns.
///
/// Each accessor reports what is wrong and returns `nil`; callers carry on so that one run finds every problem.
/// A value an override variable provides replaces the file's (see `EnvironmentOverrides`).
struct ConfigurationReader {
    private(set) var problems: [ConfigurationProblem] = []
    private(set) var warnings: [ConfigurationProblem] = []
    /// `nil` when `{ env: NAME }` references are checked for their form only (`hub config check`).
    let environment: [String: String]?
    let overrides: EnvironmentOverrides
    /// Whether `{ env: NAME }` references are read now; off for `check` and for a simulated provider's credentials.
    var resolvesReferences: Bool

    init(environment: [String: String]?, overrides: EnvironmentOverrides) {
        self.environment = environment
        resolvesReferences = environment != nil
        self.overrides = overrides
        problems = overrides.problems
    }

    mutating func report(_ path: ConfigurationPath, _ message: String, _ node: Node? = nil) {
        problems.append(problem(path, message, node))
    }

    mutating func warn(_ path: ConfigurationPath, _ message: String, _ node: Node? = nil) {
        warnings.append(problem(path, message, node))
    }

    private func problem(_ path: ConfigurationPath, _ message: String, _ node: Node?) -> ConfigurationProblem {
        let origin = overrides.variable(covering: path).map { "from \($0)" } ?? node?.mark.map { "line \($0.line)" }
        return ConfigurationProblem(path: path.description, message: message, origin: origin)
    }

    /// The value under `key`: the override's if a variable is set, else the file's; `nil` when absent or null.
    func child(_ mapping: Node.Mapping?, _ key: String, at parent: ConfigurationPath) -> Node? {
        if let override = overrides.values[parent.key(key)] { return override.node }
        guard let node = mapping?[key], node.null == nil else { return nil }
        return node
    }

    /// A mapping whose keys must all be in `keys`; each other key is reported as unknown.
    mutating func mapping(_ node: Node?, at path: ConfigurationPath, keys: [String]) -> Node.Mapping? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            report(path, "expected a mapping (keys: \(keys.joined(separator: ", ")))", node)
            return nil
        }
        for key in mapping.keys {
            guard case .scalar = key, let name = key.string else {
                report(path, "keys must be plain text", key)
                continue
            }
            guard !keys.contains(name) else { continue }
            let hint = Self.closest(to: name, among: keys).map { " (did you mean \($0)?)" } ?? ""
            report(path.key(name), "unknown key" + hint, key)
        }
        return mapping
    }

    /// The items of a list, each with its own path.
    mutating func list(_ node: Node?, at path: ConfigurationPath) -> [(node: Node, path: ConfigurationPath)]? {
        guard let node else { return nil }
        guard case .sequence(let sequence) = node else {
            report(path, "expected a list", node)
            return nil
        }
        return sequence.enumerated().map { ($1, path.index($0)) }
    }

    /// A single value's text, exactly as written (`10.50` stays `10.50`: numbers are never read as floating point).
    mutating func text(_ node: Node?, at path: ConfigurationPath) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            report(path, "expected a single value", node)
            return nil
        }
        return scalar.string
    }

    /// Like `text`, but reports a missing value, naming the variable that could provide it.
    mutating func required(_ node: Node?, at path: ConfigurationPath, unless condition: String? = nil) -> String? {
        guard let node else {
            var message = "required" + (condition.map { " unless \($0)" } ?? "")
            if let variable = overrides.variables[path] { message += " (or set \(variable))" }
            report(path, message)
            return nil
        }
        return text(node, at: path)
    }

    mutating func integer(_ node: Node?, at path: ConfigurationPath, in range: ClosedRange<Int>) -> Int? {
        guard let text = text(node, at: path) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            report(path, "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)", node)
            return nil
        }
        return value
    }

    /// A whole number of seconds, 0 to 30 days.
    mutating func seconds(_ node: Node?, at path: ConfigurationPath) -> Int? {
        integer(node, at: path, in: 0...2_592_000)
    }

    mutating func boolean(_ node: Node?, at path: ConfigurationPath) -> Bool? {
        guard let text = text(node, at: path) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            report(path, "expected true or false, got \(text)", node)
            return nil
        }
    }

    /// An absolute `http://` or `https://` URL, without a trailing slash.
    mutating func url(_ node: Node?, at path: ConfigurationPath) -> String? {
        guard let text = text(node, at: path) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), !(url.host ?? "").isEmpty,
              url.query == nil, url.fragment == nil
        else {
            report(path, "expected an http:// or https:// URL, got \(text)", node)
            return nil
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// One of `choices`, naming them when the value is something else.
    mutating func choice(_ node: Node?, at path: ConfigurationPath, among choices: [String]) -> String? {
        guard let text = text(node, at: path) else { return nil }
        guard choices.contains(text) else {
            report(path, "expected one of \(choices.joined(separator: ", ")), got \(text)", node)
            return nil
        }
        return text
    }

    /// The known name nearest to a misspelt one, if it is within two edits.
    static func closest(to name: String, among names: [String]) -> String? {
        names.map { ($0, distance(Array(name), Array($0))) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
