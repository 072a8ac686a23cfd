import ArgumentParser

@main
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Miliano payment hub: top-ups and withdrawals through mobile-money, card and bank providers.",
        subcommands: [Serve.self, Config.self, Demo.self, Simulate.self, NewProvider.self, Ledger.self, Payments.self, Events.self,
                      Reconcile.self, ProvidersCommand.self, Audit.self, Bench.self, XML.self])
}

/// Writes a line to standard output at once, unbuffered, so it reaches a pipe or log file in order.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

import Foundation
