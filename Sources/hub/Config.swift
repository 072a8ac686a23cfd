import ArgumentParser
import Foundation
import HubConfiguration
import ProviderPlugins

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the hub's YAML configuration file (see hub.example.yaml).",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file without starting the hub.",
            discussion: """
                Prints 'FILE: OK', or every problem with its key path and line, and exits 1. By default the environment is not \
                read: { env: NAME } references are checked for their form only and HUB_* overrides do not apply, so a file can \
                be checked where its secrets are not available (CI). With --resolve-env the file is loaded exactly as \
                'hub serve --config FILE' would load it here: references resolved, secrets validated, overrides applied.
                """)

        @Argument(help: "The YAML configuration file.") var file: String
        @Flag(name: .customLong("resolve-env"), help: "Read the environment as 'hub serve' does: resolve secrets, apply HUB_* overrides.")
        var resolveEnvironment = false

        func run() throws {
            let yaml = try ConfigurationFile.read(file)
            let report = HubConfiguration.check(yaml: yaml, environment: resolveEnvironment ? ProcessInfo.processInfo.environment : nil)
            for warning in report.warnings { say("\(file): warning: \(warning)") }
            guard report.isValid else {
                for problem in report.problems { say("\(file): \(problem)") }
                throw ExitCode.failure
            }
            say("\(file): OK")
        }
    }
}
