import ArgumentParser
import Foundation
import Hub

struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Inspect and redeliver events for the wallet backend.", subcommands: [List.self, Redeliver.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List outbox events, oldest first.")
        @Flag(help: "Only events whose retries ran out.") var dead = false
        @Flag(help: "Only events not delivered yet.") var undelivered = false
        @Option(help: "How many (1-1000).") var limit = 100
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func validate() throws {
            guard !(dead && undelivered) else { throw ArgumentParser.ValidationError("choose --dead or --undelivered, not both") }
            guard (1...1000).contains(limit) else { throw ArgumentParser.ValidationError("--limit must be 1-1000") }
        }

        func run() async throws {
            let store = try openStore(dataDir)
            let events = try await store.outbox(dead ? .dead : undelivered ? .undelivered : .all, limit: limit)
            for event in events {
                let state = event.deliveredAt != nil ? "delivered" : event.deadAt != nil ? "dead" : "queued"
                say("\(event.eventID) \(event.type.rawValue) \(event.paymentID) \(state) attempts \(event.deliveryAttempts)"
                    + (event.lastError.map { " last error: \($0)" } ?? ""))
            }
            if events.isEmpty { say("no events") }
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue an event again (a dead one, usually) with a fresh retry schedule; recorded in the audit trail.")
        @Argument(help: "The event id (evt_…).") var id: String
        @Option(name: .customLong("operator"), help: "Who queues it, for the audit trail (default: $USER).")
        var who = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func run() async throws {
            guard try await offlineHub(try openStore(dataDir), label: "hub.redeliver").redeliver(eventID: id, actor: cliActor(who)) else {
                say("no event \(id.prefix(40))")
                throw ExitCode(1)
            }
            say("queued \(id) for delivery; a running hub sends it within a second")
        }
    }
}
