import HubConfiguration

/// The configuration read with every plugin of `providerPlugins`.
extension HubConfiguration {
    public static func load(yaml: String, environment: [String: String]) throws(InvalidConfiguration)
        -> (configuration: HubConfiguration, warnings: [ConfigurationProblem]) {
        try load(yaml: yaml, environment: environment, plugins: providerPlugins.providers)
    }

    public static func check(yaml: String, environment: [String: String]? = nil) -> ConfigurationReport {
        check(yaml: yaml, environment: environment, plugins: providerPlugins.providers)
    }

    /// No file: one simulated provider of each type, named after it.
    public static var builtInYAML: String { builtInYAML(plugins: providerPlugins.providers) }
}
