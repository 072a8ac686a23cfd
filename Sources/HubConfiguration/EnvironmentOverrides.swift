import Foundation
import Yams

/// The `HUB_*` environment variables and the settings they replace. A variable that is set and not empty wins
/// over the file; an unset or empty one leaves the file's value.
///
/// `HUB_MOMO_*` apply to the configuration's one `mtn-momo` provider and `HUB_STRIPE_*` to its one `stripe`
/// provider. `HUB_MOMO_BASE_URL` and `HUB_STRIPE_SECRET_KEY` also switch their provider from its simulator to
/// the real service, as they did before there was a file.
struct EnvironmentOverrides {
    struct Override {
        let variable: String
        let node: Node
    }

    private enum Shape { case single, commaSeparated }

    private static let general: [(variable: String, path: String, shape: Shape)] = [
        ("HUB_API_KEYS", "api_keys", .commaSeparated),
        ("HUB_PUBLIC_URL", "server.public_url", .single),
        ("HUB_EVENTS_URL", "events.url", .single),
        ("HUB_EVENTS_SECRET", "events.secret", .single),
        ("HUB_POLLER_REVIEW_AFTER_SECONDS", "poller.review_after_seconds", .single),
        ("HUB_POLLER_SEND_LEASE_SECONDS", "poller.send_lease_seconds", .single),
    ]

    private static let byProviderType: [String: (prefix: String, switchesToService: String, settings: [(suffix: String, key: String, shape: Shape)])] = [
        "mtn-momo": ("HUB_MOMO_", "BASE_URL", [
            ("BASE_URL", "base_url", .single),
            ("TARGET_ENVIRONMENT", "target_environment", .single),
            ("COLLECTION_SUBSCRIPTION_KEY", "collection.subscription_key", .single),
            ("COLLECTION_API_USER", "collection.api_user", .single),
            ("COLLECTION_API_KEY", "collection.api_key", .single),
            ("DISBURSEMENT_SUBSCRIPTION_KEY", "disbursement.subscription_key", .single),
            ("DISBURSEMENT_API_USER", "disbursement.api_user", .single),
            ("DISBURSEMENT_API_KEY", "disbursement.api_key", .single),
            ("EXPECTED_CALLBACK_SECONDS", "expected_callback_seconds", .single),
            ("NOT_FOUND_GRACE_SECONDS", "not_found_grace_seconds", .single),
        ]),
        "stripe": ("HUB_STRIPE_", "SECRET_KEY", [
            ("SECRET_KEY", "secret_key", .single),
            ("WEBHOOK_SECRETS", "webhook_secrets", .commaSeparated),
            ("BASE_URL", "base_url", .single),
        ]),
    ]

    /// Settings replaced by a variable that is set.
    private(set) var values: [ConfigurationPath: Override] = [:]
    /// The variable that could replace each setting, set or not, so that a "required" message can name it.
    private(set) var variables: [ConfigurationPath: String] = [:]
    private(set) var problems: [ConfigurationProblem] = []

    /// No overrides: the file alone.
    init() {}

    /// Overrides from `environment` for `document`, whose `providers` section says which provider each
    /// `HUB_MOMO_*` or `HUB_STRIPE_*` variable applies to.
    init(environment: [String: String], document: Node?) {
        for (variable, path, shape) in Self.general {
            add(ConfigurationPath(path), variable: variable, shape: shape, environment: environment)
        }
        let providers = document?["providers"]?.mapping
        for (type, family) in Self.byProviderType.sorted(by: { $0.key < $1.key }) {
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
                add(ConfigurationPath(provider.description + "." + setting.key), variable: variable, shape: setting.shape,
                    environment: environment)
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
