/// One thing wrong with a configuration (or worth a warning), naming the setting at fault.
///
/// Messages never quote a secret's value: only its key path and, for a reference, the variable's name.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    /// The key path in the file (`providers.mtn.base_url`), or the top of the file for a YAML syntax error.
    public var path: String
    public var message: String
    /// Where the value came from: `line 12`, or the environment variable that overrode the file.
    public var origin: String?

    public init(path: String, message: String, origin: String? = nil) {
        self.path = path
        self.message = message
        self.origin = origin
    }

    public var description: String {
        let located = path.isEmpty ? message : "\(path): \(message)"
        return origin.map { "\(located) (\($0))" } ?? located
    }
}

/// A configuration that cannot be used, with every problem found (not just the first).
public struct InvalidConfiguration: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

/// What `HubConfiguration.check` found: problems make the file unusable, warnings do not.
public struct ConfigurationReport: Sendable {
    public var problems: [ConfigurationProblem]
    public var warnings: [ConfigurationProblem]

    public var isValid: Bool { problems.isEmpty }
}
