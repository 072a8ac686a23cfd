import ArgumentParser
import Foundation

/// `hub bench`: the hub measured against this machine's own limits, everything in this process on loopback.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput, latency, memory and storage speed against this machine's limits.",
        discussion: "Figures are reported, never asserted. See BENCHMARKS.md for what each one means.")

    @Flag(help: "A short run of a few seconds that exercises every scenario (for CI).")
    var quick = false

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Measured seconds of each load scenario (default 10, or 0.5 with --quick).")
    var duration: Double?

    func validate() throws {
        if let duration, !(duration > 0) { throw ArgumentParser.ValidationError("--duration must be positive") }
    }

    func run() async throws {
        let plan = BenchPlan(quick: quick, seconds: duration)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = try await BenchRig.run(folder: folder) { rig in
            let scenarios = BenchScenarios(rig: rig, plan: plan)
            var report = BenchReport()
            say("filling the hub with \(plan.pendingPayments) pending top-ups")
            try await scenarios.pendingMemory(into: &report)
            say("hello"); await scenarios.hello(into: &report)
            say("proxy"); try await scenarios.proxy(into: &report)
            say("direct simulator"); try await scenarios.directSimulator(into: &report)
            say("top-ups"); await scenarios.topUps(into: &report)
            say("webhooks (seeding \(plan.webhookPayments) pending card payments)"); try await scenarios.webhooks(into: &report)
            say("signatures"); try scenarios.signatures(into: &report)
            say("ledger"); try await scenarios.ledger(into: &report)
            say("balance reads (\(plan.largeAccountEntries) entries)"); try await scenarios.balanceReads(into: &report)
            return report
        }
        say(report.table())
        if let json {
            try report.json(plan: plan).write(to: URL(fileURLWithPath: json))
            say("wrote \(json)")
        }
    }
}
