import ArgumentParser
import Hub
import HubConfiguration
import HubPostgres

struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Inspect the ledger.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every ledger invariant; exit 0 only if all hold.",
            discussion: """
                Every transfer balances and resolves at most one hold; per currency all balances sum to zero; no wallet \
                is negative except through a flagged reversal; every maintained balance equals the sum of its transfers.
                """)

        @Option(name: .customLong("data-dir"), help: "Folder holding hub.sqlite.") var dataDir = ".hub"

        func run() async throws {
            let store = try openStore(dataDir)
            let report = try await store.verifyLedger()
            say("checked \(report.transfersChecked) transfers on \(report.accountsChecked) accounts")
            for violation in report.violations { say("violation: \(violation)") }
            guard report.isValid else { throw ExitCode(1) }
            say("ledger OK: every invariant holds")
        }
    }
}

/// Opens an existing hub database, refusing to create one where there is none: the one `HUB_DATABASE_URL` names
/// when it is set (as `hub serve` would; a PostgreSQL URL may leave its password to `HUB_DATABASE_PASSWORD`), else
/// `hub.sqlite` in `dataDir`.
func openStore(_ dataDir: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any Store {
    var location = StoreLocation.dataDirectory
    if let url = environment["HUB_DATABASE_URL"], !url.isEmpty {
        let password = environment["HUB_DATABASE_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        switch StoreLocation.parse(url, password: password) {
        case .success(let named): location = named
        case .failure(let problem): throw ArgumentParser.ValidationError("HUB_DATABASE_URL: \(problem.message)")
        }
    }
    return try openStore(at: location, dataDirectory: dataDir, creating: false)
}

/// Opens the store `location` names, applying pending migrations. An SQLite file is created only when `creating`.
func openStore(at location: StoreLocation, dataDirectory: String, creating: Bool) throws -> any Store {
    switch location {
    case .postgres(let settings):
        return try PostgresStore(settings)
    case .dataDirectory, .sqlite:
        let path = location.sqlitePath(dataDirectory: dataDirectory) ?? dataDirectory + "/hub.sqlite"
        guard creating || FileManager.default.fileExists(atPath: path) else {
            throw ArgumentParser.ValidationError("no hub database at \(path); pass --data-dir or set HUB_DATABASE_URL")
        }
        return try SQLiteStore(path: path)
    }
}

import Foundation
