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

    @Option(help: "Concurrent clients of each load scenario (default 64).")
    var concurrency: Int?

    @Option(help: "Run only these scenarios, comma-separated (\(Self.scenarioNames.joined(separator: ", "))).")
    var only: String?

    static let scenarioNames = ["pending", "hello", "proxy", "direct", "topup", "webhook", "signature", "ledger", "balance", "console"]

    func validate() throws {
        if let duration, !(duration > 0) { throw ArgumentParser.ValidationError("--duration must be positive") }
        if let concurrency, !(1...1024).contains(concurrency) { throw ArgumentParser.ValidationError("--concurrency must be between 1 and 1024") }
        if selected.isEmpty { throw ArgumentParser.ValidationError("--only names no scenario; known: \(Self.scenarioNames.joined(separator: ", "))") }
        if let unknown = selected.first(where: { !Self.scenarioNames.contains($0) }) {
            throw ArgumentParser.ValidationError("unknown scenario '\(unknown)' in --only; known: \(Self.scenarioNames.joined(separator: ", "))")
        }
    }

    private var selected: Set<String> {
        guard let only else { return Set(Self.scenarioNames) }
        return Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    func run() async throws {
        let plan = BenchPlan(quick: quick, seconds: duration, concurrency: concurrency ?? 64)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hub-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let selected = self.selected
        let report = try await BenchRig.run(folder: folder) { rig in
            let scenarios = BenchScenarios(rig: rig, plan: plan)
            var report = BenchReport()
            if selected.contains("pending") {
                say("filling the hub with \(plan.pendingPayments) pending top-ups"); try await scenarios.pendingMemory(into: &report)
            }
            if selected.contains("hello") { say("hello"); await scenarios.hello(into: &report) }
            if selected.contains("proxy") { say("proxy"); try await scenarios.proxy(into: &report) }
            if selected.contains("direct") { say("direct simulator"); try await scenarios.directSimulator(into: &report) }
            if selected.contains("topup") { say("top-ups"); try await scenarios.topUps(into: &report) }
            if selected.contains("webhook") {
                say("webhooks (seeding \(plan.webhookPayments) pending payments)"); try await scenarios.webhooks(into: &report)
            }
            if selected.contains("signature") { say("signatures"); try scenarios.signatures(into: &report) }
            if selected.contains("ledger") { say("ledger"); try await scenarios.ledger(into: &report) }
            if selected.contains("balance") {
                say("balance reads (\(plan.largeAccountEntries) entries)"); try await scenarios.balanceReads(into: &report)
            }
            if selected.contains("console") {
                say("console timeline (\(plan.consolePayments) payments)"); try await scenarios.console(into: &report)
            }
            return report
        }
        say(report.table())
        if let json {
            try report.json(plan: plan).write(to: URL(fileURLWithPath: json))
            say("wrote \(json)")
        }
    }
}
