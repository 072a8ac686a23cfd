import ArgumentParser
import Foundation
import Hub

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the audit trail of operators' actions (resolutions, redeliveries), over the API or the CLI.",
        subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List audit records, newest first: when, who (an API key's id or cli:<user>), what, to which target, why, before → after.")
        @Option(help: "How many (1-1000).") var limit = 50
        @Flag(help: "One JSON object per line.") var json = false
        @Option(name: .customLong("data-dir")) var dataDir = ".hub"

        func validate() throws {
            guard (1...1000).contains(limit) else { throw ArgumentParser.ValidationError("--limit must be 1-1000") }
        }

        func run() async throws {
            let records = try await openStore(dataDir).auditRecords(limit: limit, before: nil)
            for record in records { say(json ? Self.json(record) : Self.line(record)) }
            if records.isEmpty, !json { say("no audit records") }
        }

        static func line(_ record: AuditRecord) -> String {
            var line = "\(Timestamp.iso8601(record.createdAt)) \(record.actor) \(record.action) \(record.target)"
            if let reason = record.reason { line += " reason: \(reason)" }
            if record.before != nil || record.after != nil { line += " (\(record.before ?? "-") → \(record.after ?? "-"))" }
            return line
        }

        static func json(_ record: AuditRecord) -> String {
            var object: [String: Any] = ["id": record.id, "actor": record.actor, "action": record.action, "target": record.target,
                                         "created_at": Timestamp.iso8601(record.createdAt)]
            object["reason"] = record.reason
            object["before"] = record.before
            object["after"] = record.after
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }
}
