import ArgumentParser
import Foundation
import HubConfiguration
import ProviderPlugins

/// The configuration `serve` runs with: a YAML file, or the built-in one (simulated providers) without a file,
/// with the environment's overrides applied either way.
enum ConfigurationFile {
    /// Throws `ExitCode.failure` after writing every problem to standard error, each prefixed with the file's path.
    static func load(_ path: String?, environment: [String: String]) throws
        -> (configuration: HubConfiguration, warnings: [ConfigurationProblem]) {
        let yaml = try path.map(read) ?? HubConfiguration.builtInYAML
        do {
            return try HubConfiguration.load(yaml: yaml, environment: environment)
        } catch {
            for problem in error.problems { complain("\(path ?? "environment"): \(problem)") }
            complain("the configuration is not valid (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); not starting")
            throw ExitCode.failure
        }
    }

    /// The file's text; a file that cannot be read is reported on standard error and throws `ExitCode.failure`.
    static func read(_ path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            complain("\(path): cannot read: \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }
}

/// Writes a line to standard error at once.
func complain(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
