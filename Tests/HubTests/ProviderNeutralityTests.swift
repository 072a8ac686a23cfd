import Foundation
import Testing

/// A provider is its folders and one line in the plugin list: no other code of the hub names one. Comments may
/// give examples; code and strings may not.
@Suite struct ProviderNeutralityTests {
    static let providerWords = ["momo", "mtn", "stripe", "mpesa", "m-pesa", "daraja", "airtel", "flutterwave", "paystack"]

    /// Where provider names belong: the adapters and simulators, the plugin list, the named webhook signature
    /// schemes, the market table (mobile network operators by number prefix, which share names with some
    /// providers), and the OpenAPI document generated from openapi.yaml.
    static let allowed = ["Sources/Providers/", "Sources/Simulators/", "Sources/ProviderPlugins/ProviderPlugins.swift",
                          "Sources/Webhooks/Schemes/", "Sources/HubKit/Market.swift", "Sources/HubServer/OpenAPIDocument.swift"]

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `file:line: text` for every code line under `root/Sources` outside `allowed` that names a provider.
    static func offenders(under root: URL = root) throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return ["cannot list Sources"] }
        var found: [String] = []
        for case let file as URL in files where file.pathExtension == "swift" {
            let relative = String(file.path.dropFirst(root.path.count + 1))
            guard !allowed.contains(where: { relative.hasPrefix($0) }) else { continue }
            for (number, line) in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                let lower = code.lowercased()
                if providerWords.contains(where: { lower.contains($0) }) { found.append("\(relative):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        return found
    }

    @Test func noCodeOutsideTheProviderFoldersNamesAProvider() throws {
        let offenders = try Self.offenders()
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test func theScanFindsANameWhereOneIsWritten() throws {
        // The scan itself must be able to fail: a provider's name in code is found, in a comment it is not, and in
        // an adapter's folder it belongs.
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("neutrality-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tree) }
        for folder in ["Sources/Hub", "Sources/Providers/Stripe"] {
            try FileManager.default.createDirectory(at: tree.appendingPathComponent(folder), withIntermediateDirectories: true)
            try "// stripe in a comment is fine\nlet name = \"stripe\"\n"
                .write(to: tree.appendingPathComponent(folder + "/Probe.swift"), atomically: true, encoding: .utf8)
        }
        let offenders = try Self.offenders(under: tree)
        #expect(offenders == ["Sources/Hub/Probe.swift:2: let name = \"stripe\""])
    }
}
