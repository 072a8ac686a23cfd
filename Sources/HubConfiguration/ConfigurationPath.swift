/// Where a setting sits in the configuration, spelled as messages show it: `providers.mtn.collection.api_key`,
/// `routing[2].providers[0].weight`.
struct ConfigurationPath: Hashable, Sendable, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    static let root = ConfigurationPath("")

    func key(_ name: String) -> ConfigurationPath {
        ConfigurationPath(description.isEmpty ? name : description + "." + name)
    }

    func index(_ position: Int) -> ConfigurationPath {
        ConfigurationPath(description + "[\(position)]")
    }

    /// Whether `other` is this setting or one nested in it.
    func covers(_ other: ConfigurationPath) -> Bool {
        other == self || other.description.hasPrefix(description + ".") || other.description.hasPrefix(description + "[")
    }
}
