import Foundation
import Hub
import HubConfiguration
import Providers

/// The YAML configuration reader with every provider's plugin, as `hub config check` and `hub serve` run it (the
/// adapters' plugins of Sources/ProviderPlugins, without the simulators, which this build leaves out).
/// Input: the YAML text. Invariants: nothing traps; no problem or warning shows the value of a secret taken from
/// the environment (unless the file itself holds that text).
enum ConfigurationFuzz {
    static let target = FuzzTarget(name: "config-yaml", run: run, seeds: seeds)

    /// The environment the file is read with: every `{ env: NAME }` of the example configuration resolves to
    /// `secretValue`.
    static let secretValue = "fuzz-secret-value-7f3a"
    static let environment: [String: String] = Dictionary(uniqueKeysWithValues: [
        "AIRTEL_CALLBACK_HASH_KEY", "AIRTEL_CLIENT_ID", "AIRTEL_CLIENT_SECRET", "AIRTEL_ENCRYPTION_PUBLIC_KEY", "AIRTEL_PIN",
        "FLW_SECRET_HASH", "FLW_SECRET_KEY", "HUB_EVENTS_SIGNING_SECRET", "MOMO_COLLECTION_API_KEY", "MOMO_COLLECTION_API_USER",
        "MOMO_COLLECTION_SUBSCRIPTION_KEY", "MOMO_DISBURSEMENT_API_KEY", "MOMO_DISBURSEMENT_API_USER", "MOMO_DISBURSEMENT_SUBSCRIPTION_KEY",
        "MPESA_CONSUMER_KEY", "MPESA_CONSUMER_SECRET", "MPESA_PASSKEY", "MPESA_SECURITY_CREDENTIAL", "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET", "WALLET_API_KEY", "HUB_API_KEY", "SECRET",
    ].map { ($0, secretValue) })

    static let plugins = [AnyProviderPlugin(MTNMoMoPlugin()), AnyProviderPlugin(StripePlugin()), AnyProviderPlugin(FlutterwavePlugin()),
                          AnyProviderPlugin(AirtelMoneyPlugin()), AnyProviderPlugin(MPesaPlugin())]

    static func run(_ bytes: [UInt8]) {
        let yaml = String(decoding: bytes, as: UTF8.self)
        let report = HubConfiguration.check(yaml: yaml, environment: environment, plugins: plugins)
        if !yaml.contains(secretValue) {
            for problem in report.problems + report.warnings
            where [problem.path, problem.message, problem.origin ?? ""].contains(where: { $0.contains(secretValue) }) {
                violated("a configuration problem shows a secret's value")
            }
        }
    }

    static func seeds(_ fixtures: FixtureFiles) throws -> [[UInt8]] {
        let files = ["hub.example.yaml"] + ((try? FileManager.default.contentsOfDirectory(
            atPath: fixtures.root.deletingLastPathComponent().appendingPathComponent("deploy").path))?
            .filter { $0.hasSuffix(".yaml") && !$0.contains("compose") }.sorted().map { "deploy/\($0)" } ?? [])
        return try files.map(fixtures.repositoryFile) + [
            Array("server:\n  port: 8080\napi_keys:\n  - { env: HUB_API_KEY }\nproviders: {}\n".utf8),
            Array("api_keys: [{ env: SECRET }]\nproviders:\n  stripe:\n    secret_key: { env: STRIPE_SECRET_KEY }\n".utf8),
        ]
    }
}
