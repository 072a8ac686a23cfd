import Foundation
import HubPostgres
import Testing
@testable import Hub

/// Opening a PostgreSQL store that cannot be reached fails at once with a problem naming the server, never the password.
@Suite struct PostgresOpeningTests {
    @Test func anUnreachableServerIsAClearProblemWithoutThePassword() throws {
        let settings = PostgresSettings(host: "127.0.0.1", port: 1, username: "hub", password: "pw-never-shown", database: "hub",
                                        tls: .disable, connections: 1)
        do {
            _ = try PostgresStore(settings)
            Issue.record("a store opened on a port nothing listens on")
        } catch {
            #expect(error.kind == .database)
            #expect(error.message.contains("postgres://hub@127.0.0.1:1/hub"), "\(error.message)")
            #expect(!error.message.contains("pw-never-shown"))
        }
    }
}
