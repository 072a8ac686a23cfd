import ArgumentParser
import Foundation
import Hub
import ProviderPlugins
import Simulators

/// `hub simulate <type>`: one provider's simulator alone, for any type in the plugin list that has one.
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a provider simulator alone.",
        discussion: """
            Types: \(providerPlugins.compactMap(\.simulator).map(\.type).joined(separator: ", ")). Each simulator's scenarios \
            are in docs/simulators/<type>.md. Its options (hub simulate <type> --help-options) follow --host and --port.
            """)

    @Argument(help: "The provider type to simulate.") var type: String
    @Option(help: "Port to listen on (0 picks a free one).") var port = 0
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Flag(name: .customLong("help-options"), help: "List this simulator's own options.") var listOptions = false
    @Option(name: .customLong("credentials-file"),
            help: "Write the credentials an adapter needs for this run (JSON, by configuration key, mode 0600) to this file.")
    var credentialsFile: String?
    @Argument(parsing: .allUnrecognized, help: "The simulator's own options, --name value.") var rest: [String] = []

    func plugin() throws -> any SimulatorPlugin {
        guard let plugin = providerPlugins[type: type]?.simulator else {
            let known = providerPlugins.compactMap(\.simulator).map(\.type).joined(separator: ", ")
            throw ArgumentParser.ValidationError("no simulator for \(type.prefix(40)); types: \(known)")
        }
        return plugin
    }

    /// `--name value` pairs, each a name the simulator declares.
    func options(for plugin: any SimulatorPlugin) throws -> [String: String] {
        var options: [String: String] = [:]
        var remaining = rest[...]
        while let flag = remaining.popFirst() {
            let name = flag.hasPrefix("--") ? String(flag.dropFirst(2)) : ""
            guard plugin.options.contains(where: { $0.name == name }) else {
                throw ArgumentParser.ValidationError("unknown option \(flag.prefix(40)) for the \(plugin.type) simulator (see --help-options)")
            }
            guard let value = remaining.popFirst() else { throw ArgumentParser.ValidationError("\(flag) needs a value") }
            options[name] = value
        }
        return options
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ArgumentParser.ValidationError("--port must be 0-65535") }
        let plugin = try plugin()
        if !listOptions { _ = try options(for: plugin) }
    }

    func run() async throws {
        let plugin = try plugin()
        if listOptions {
            for option in plugin.options { say("--\(option.name)  \(option.help)") }
            return
        }
        let options = try options(for: plugin)
        let host = host
        let port = port
        try await withCurlTransport { transport in
            let plugged: PluggedSimulator
            do { plugged = try plugin.makeSimulator(SimulatorSetup(transport: transport, pace: .standalone, options: options)) } catch {
                throw ArgumentParser.ValidationError("\(error)")
            }
            if let credentialsFile { try Self.write(plugged.credentials, to: credentialsFile) }
            try await plugged.simulator.run(host: host, port: port) { port in say("\(plugin.type) simulator listening on http://\(host):\(port)") }
        }
    }

    /// The run's made-up credentials for whoever starts the hub against this simulator (a test harness): never
    /// printed, written owner-only, replacing nothing (an existing file is an error, not overwritten).
    static func write(_ credentials: [String: String], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: credentials, options: [.sortedKeys, .prettyPrinted])
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ArgumentParser.ValidationError("--credentials-file: \(path.prefix(200)) exists; give a new path")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ArgumentParser.ValidationError("--credentials-file: cannot create \(path.prefix(200))")
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
    }
}
