import ArgumentParser

@main
struct HubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hub",
        abstract: "Miliano payment hub: top-ups and withdrawals through mobile-money, card and bank providers.",
        subcommands: [Serve.self, Demo.self, Simulate.self, Ledger.self, Payments.self])
}
