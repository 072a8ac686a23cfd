import Foundation
import Hub
import HubServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `openapi.yaml` at the repository root is what `GET /openapi.yaml` serves, and it documents exactly the
/// routes the hub's router registers.
@Suite struct OpenAPIDocumentTests {
    static let rootDocument = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi.yaml")

    struct NoNetwork: HTTPTransport {
        func send(_ request: Hub.HTTPRequest) async throws(TransportError) -> Hub.HTTPResponse {
            throw TransportError(.notSent, "no network in this test")
        }
    }

    /// The hub's real router over an empty database.
    static func withRouter(_ body: (Router<BasicRequestContext>) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("hub.sqlite").path)
        let hub = HubService(store: store, registry: ProviderRegistry(), transport: NoNetwork(), logger: LiveHub.quiet)
        try await body(HubServer.router(hub: hub, configuration: HubServerConfiguration(apiKeys: ["k"], callbackToken: "t"),
                                        logger: LiveHub.quiet))
    }

    /// `METHOD /path` for every operation under `paths:`: a path is a two-space-indented key starting with `/`,
    /// an operation a four-space-indented HTTP method under it.
    static func documentedOperations(_ yaml: String) -> Set<String> {
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" "), !line.isEmpty { inPaths = line == "paths:"; path = nil; continue }
            guard inPaths, line.hasSuffix(":") else { continue }
            let key = String(line.trimmingCharacters(in: .whitespaces).dropLast())
            let indent = line.prefix { $0 == " " }.count
            if indent == 2, key.hasPrefix("/") { path = key }
            if indent == 4, methods.contains(key), let path { operations.insert("\(key.uppercased()) \(path)") }
        }
        return operations
    }

    @Test func servesTheRootDocumentByteForByte() async throws {
        let root = try String(contentsOf: Self.rootDocument, encoding: .utf8)
        try await Self.withRouter { router in
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/yaml")
                    let identical = String(buffer: response.body) == root
                    #expect(identical, "the served document differs from openapi.yaml: run scripts/generate-openapi-swift")
                }
            }
        }
    }

    @Test func documentsEveryRouteAndNoOther() async throws {
        let documented = Self.documentedOperations(try String(contentsOf: Self.rootDocument, encoding: .utf8))
        #expect(documented.contains("GET /v1/payments/{id}"))
        #expect(documented.count >= 10)
        try await Self.withRouter { router in
            // The operator console's pages are HTML for people, not part of the API: docs/operations.md describes them.
            let registered = Set(router.routes.map { route in
                let path = route.path.description
                return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
            }.filter { !$0.contains(" /console") })
            #expect(registered.count >= 10)
            #expect(registered.subtracting(documented).isEmpty, "registered but not documented")
            #expect(documented.subtracting(registered).isEmpty, "documented but not registered")
        }
    }
}
