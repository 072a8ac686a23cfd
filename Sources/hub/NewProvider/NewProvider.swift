import ArgumentParser
import Foundation

/// `hub new-provider NAME`: the folders of a new provider, and its one line in the plugin list.
struct NewProvider: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-provider",
        abstract: "Scaffold a provider: plugin, adapter, wire types, status map, simulator, fixtures, conformance test, docs.",
        discussion: """
            Writes Sources/Providers/<Name>/, Sources/Simulators/<Name>/, fixtures/<name>/, \
            Tests/ProvidersTests/<Name>ConformanceTests.swift, docs/providers/<name>.md and docs/simulators/<name>.md, \
            and adds one line to Sources/ProviderPlugins/ProviderPlugins.swift. The result compiles at once; its \
            conformance test fails, listing what to fill in. docs/adding-a-provider.md walks through the rest.
            """)

    @Argument(help: "The provider type, as the configuration will name it: lower-case letters, digits and '-' (acme-pay).")
    var name: String
    @Option(help: "The repository's root folder.") var root = "."

    func validate() throws {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 40,
              name.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
              !name.hasSuffix("-"), !name.contains("--")
        else { throw ValidationError("NAME is lower-case letters, digits and single '-', starting with a letter (acme-pay)") }
    }

    func run() throws {
        let scaffold = ProviderScaffold(type: name)
        let rootURL = URL(fileURLWithPath: root)
        let list = rootURL.appendingPathComponent(ProviderScaffold.pluginList)
        guard FileManager.default.fileExists(atPath: list.path) else {
            throw ValidationError("no \(ProviderScaffold.pluginList) under \(root): run from the repository's root or pass --root")
        }
        let files = scaffold.files
        for (path, _) in files where FileManager.default.fileExists(atPath: rootURL.appendingPathComponent(path).path) {
            throw ValidationError("\(path) exists already: the \(name) provider is scaffolded")
        }
        let current = try String(contentsOf: list, encoding: .utf8)
        guard let updated = scaffold.addingLine(to: current) else {
            throw ValidationError("cannot find the end of the list in \(ProviderScaffold.pluginList)")
        }
        for (path, text) in files {
            let url = rootURL.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            print("wrote \(path)")
        }
        try updated.write(to: list, atomically: true, encoding: .utf8)
        print("added \(scaffold.prefix) to \(ProviderScaffold.pluginList)")
        print("next: swift build && swift test --filter \(scaffold.prefix)ConformanceTests (it lists what to fill in); see docs/adding-a-provider.md")
    }
}
