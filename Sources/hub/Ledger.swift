import ArgumentParser
import Hub

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

/// Opens an existing hub database, refusing to create one where there is none.
func openStore(_ dataDir: String) throws -> SQLiteStore {
    let path = dataDir + "/hub.sqlite"
    guard FileManager.default.fileExists(atPath: path) else {
        throw ArgumentParser.ValidationError("no hub database at \(path); pass --data-dir")
    }
    return try SQLiteStore(path: path)
}

import Foundation
