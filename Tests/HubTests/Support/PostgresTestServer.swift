import Foundation
import Hub
import HubPostgres
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import PostgresNIO

/// The PostgreSQL server the store suite runs on: the one `HUB_TEST_POSTGRES_URL` names (`scripts/test` starts a
/// private one and sets it). Each store the suite opens gets a database of its own, created here. Without a URL, or
/// when the server does not answer, the PostgreSQL cases are left out and `skipReason` says why.
enum PostgresTestServer {
    static let variable = "HUB_TEST_POSTGRES_URL"

    /// The server's settings, or why there is none to test on.
    static let server: Result<PostgresSettings, Unavailable> = {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else {
            return .failure(Unavailable("\(variable) is not set (scripts/test starts a private server when PostgreSQL is installed)"))
        }
        let settings: PostgresSettings
        switch PostgresSettings.parse(url: url) {
        case .success(let parsed): settings = parsed
        case .failure(let problem): return .failure(Unavailable("\(variable): \(problem.message)"))
        }
        do {
            try withAdminConnection(settings) { connection in try dropLeftovers(connection) }
        } catch {
            return .failure(Unavailable("the server at \(settings.host):\(settings.port) does not answer (\(type(of: error)))"))
        }
        return .success(settings)
    }()

    struct Unavailable: Error { let reason: String; init(_ reason: String) { self.reason = reason } }

    static var isReachable: Bool { (try? server.get()) != nil }

    /// Why the PostgreSQL cases do not run; `nil` when they do.
    static var skipReason: String? {
        if case .failure(let unavailable) = server { return unavailable.reason }
        return nil
    }

    static let logger = Logger(label: "hub.tests.postgres")
    private static let counter = NIOLockedValueBox(0)

    /// A new, empty store in a database of its own (the suite's databases stay on the private server until it is
    /// wiped; `scripts/test` starts each run on a fresh one).
    static func freshStore(connections: Int = 8) throws -> PostgresStore {
        var settings = try server.mapError { StoreError(.database, $0.reason) }.get()
        let number = counter.withLockedValue { $0 += 1; return $0 }
        // Only letters, digits and underscores: the name is this test's own, never input.
        let name = "hub_test_\(ProcessInfo.processInfo.processIdentifier)_\(number)_\(UInt32.random(in: 0...UInt32.max))"
        try withAdminConnection(settings) { connection in
            _ = try connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger).wait()
        }
        settings.database = name
        settings.connections = connections
        return try PostgresStore(settings)
    }

    /// A second store on the database of `store`, as another hub process would open it.
    static func secondStore(on store: PostgresStore, connections: Int = 4) throws(StoreError) -> PostgresStore {
        var settings = store.settings
        settings.connections = connections
        return try PostgresStore(settings)
    }

    /// Runs a fixed statement of a test in `database` (as an operator at a console would).
    static func run(_ statement: String, in database: String) throws {
        var settings = try server.mapError { StoreError(.database, $0.reason) }.get()
        settings.database = database
        try withAdminConnection(settings) { connection in
            _ = try connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).wait()
        }
    }

    /// Drops the databases earlier test processes made, once those processes are gone.
    private static func dropLeftovers(_ connection: PostgresConnection) throws {
        let rows = try connection.query("SELECT datname FROM pg_database WHERE datname LIKE 'hub_test_%'", logger: logger).wait()
        for row in rows {
            let name = try row.decode(String.self)
            let parts = name.split(separator: "_")
            guard parts.count == 5, let pid = Int32(parts[2]), pid != ProcessInfo.processInfo.processIdentifier,
                  kill(pid, 0) != 0, errno == ESRCH,
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { continue }
            _ = try connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: logger).wait()
        }
    }

    private static func withAdminConnection(_ settings: PostgresSettings, _ body: (PostgresConnection) throws -> Void) throws {
        var admin = settings
        admin.tls = .disable
        let configuration = PostgresConnection.Configuration(host: admin.host, port: admin.port, username: admin.username,
                                                             password: admin.password, database: admin.database, tls: .disable)
        let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                                        id: 0, logger: logger).wait()
        defer { try? connection.close().wait() }
        try body(connection)
    }
}
