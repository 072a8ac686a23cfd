import Foundation
import Hub
import Yams

/// The `HUB_*` environment variables and the settings they replace. A variable that is set and not empty wins
/// over the file; an unset or empty one leaves the file's value.
///
/// Each provider plugin's `HUB_<PREFIX>_*` variables apply to the configuration's one provider of its type; its
/// `switchesToService` variable also switches that provider from its simulator to the real service.
struct EnvironmentOverrides {
    struct Override {
        let variable: String
        let node: Node
    }

    private enum Shape { case single, commaSeparated }

    private static let general: [(variable: String, path: String, shape: Shape)] = [
        ("HUB_API_KEYS", "api_keys", .commaSeparated),
        ("HUB_PUBLIC_URL", "server.public_url", .single),
        ("HUB_DATABASE_URL", "store.url", .single),
        ("HUB_EVENTS_URL", "events.url", .single),
        ("HUB_EVENTS_SECRET", "events.secret", .single),
        ("HUB_POLLER_REVIEW_AFTER_SECONDS", "poller.review_after_seconds", .single),
        ("HUB_POLLER_SEND_LEASE_SECONDS", "poller.send_lease_seconds", .single),
    ]

    /// Settings replaced by a variable that is set.
    private(set) var values: [ConfigurationPath: Override] = [:]
    /// The variable that could replace each setting, set or not, so that a "required" message can name it.
    private(set) var variables: [ConfigurationPath: String] = [:]
    private(set) var problems: [ConfigurationProblem] = []

    /// No overrides: the file alone.
    init() {}

    /// Overrides from `environment` for `document`, whose `providers` section says which provider each plugin's
    /// `HUB_<PREFIX>_*` variables apply to.
    init(environment: [String: String], document: Node?, plugins: [AnyProviderPlugin]) {
        for (variable, path, shape) in Self.general {
            add(ConfigurationPath(path), variable: variable, shape: shape, environment: environment)
        }
        let providers = document?["providers"]?.mapping
        for plugin in plugins.sorted(by: { $0.type < $1.type }) {
            let type = plugin.type
            let family = plugin.environment
            let ids = (providers ?? [:]).compactMap { key, value in value["type"]?.string == type ? key.string : nil }
            let set = family.settings.map { family.prefix + $0.suffix }.filter { !(environment[$0] ?? "").isEmpty }
            guard ids.count == 1, let id = ids.first else {
                if let first = set.first {
                    let reason = ids.isEmpty ? "the configuration has no \(type) provider"
                        : "the configuration has several \(type) providers (\(ids.joined(separator: ", "))); set their values in the file"
                    problems.append(ConfigurationProblem(path: first, message: "is set, but \(reason)"))
                }
                continue
            }
            let provider = ConfigurationPath.root.key("providers").key(id)
            for setting in family.settings {
                let variable = family.prefix + setting.suffix
                add(ConfigurationPath(provider.description + "." + setting.key), variable: variable,
                    shape: setting.isList ? .commaSeparated : .single, environment: environment)
            }
            let switchVariable = family.prefix + family.switchesToService
            if !(environment[switchVariable] ?? "").isEmpty {
                values[provider.key("simulated")] = Override(variable: switchVariable, node: Node("false"))
            }
        }
    }

    private mutating func add(_ path: ConfigurationPath, variable: String, shape: Shape, environment: [String: String]) {
        variables[path] = variable
        guard let text = environment[variable], !text.isEmpty else { return }
        switch shape {
        case .single:
            values[path] = Override(variable: variable, node: Node(text))
        case .commaSeparated:
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            values[path] = Override(variable: variable, node: Node(items.map { Node($0) }))
        }
    }

    /// The variable a setting (or the setting it sits in) was taken from, if any.
    func variable(covering path: ConfigurationPath) -> String? {
        values.first { $0.key.covers(path) }?.value.variable
    }
}
