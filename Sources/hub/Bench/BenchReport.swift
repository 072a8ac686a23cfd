import Foundation

/// How long and how hard each scenario runs.
struct BenchPlan: Sendable {
    var quick: Bool
    var warmUp: Duration
    var duration: Duration
    /// Length of each single-threaded CPU or database loop.
    var cpuDuration: Duration
    var concurrency: Int
    var pendingPayments: Int
    var webhookPayments: Int
    var largeAccountEntries: Int
    var balanceReads: Int
    /// Payments in the store the console page is timed against.
    var consolePayments: Int
    /// Postings (and raw rows) per transaction.
    var batch = 1_000

    init(quick: Bool, seconds: Double?, concurrency: Int = 64) {
        self.quick = quick
        self.concurrency = concurrency
        let seconds = seconds ?? (quick ? 0.5 : 10)
        duration = .milliseconds(Int(seconds * 1000))
        warmUp = quick ? .milliseconds(200) : .seconds(2)
        cpuDuration = quick ? .milliseconds(300) : .seconds(3)
        pendingPayments = quick ? 1_000 : 10_000
        webhookPayments = quick ? 1_000 : 60_000
        largeAccountEntries = quick ? 20_000 : 1_000_000
        balanceReads = quick ? 200 : 5_000
        consolePayments = quick ? 10_000 : 1_000_000
    }
}

/// Figures by JSON key, printed as a table and written as JSON.
struct BenchReport: Sendable {
    private(set) var figures: [String: Double] = [:]
    private var details: [String: Double] = [:]
    private var order: [String] = []

    /// Every key a complete run writes (the issue's list).
    static let requiredKeys = [
        "hello_rps", "proxy_rps", "direct_sim_p50_ms", "direct_sim_p99_ms", "topup_rps", "topup_p50_ms", "topup_p99_ms",
        "topup_overhead_p50_ms", "topup_overhead_p99_ms", "webhook_rps", "verify_per_s", "openssl_hmac_per_s",
        "verify_vs_openssl", "ledger_postings_per_s", "sqlite_raw_inserts_per_s", "balance_read_us_1k",
        "balance_read_us_1m", "rss_mb_10k_pending", "console_timeline_p50_ms", "console_timeline_p99_ms",
    ]

    mutating func set(_ key: String, _ value: Double) {
        if figures[key] == nil { order.append(key) }
        figures[key] = value
    }

    mutating func set(_ key: String, _ value: Int) { set(key, Double(value)) }

    /// A load run's throughput and, when keys are given, its median and 99th percentile.
    mutating func record(_ name: String, _ result: LoadResult, rate: String, p50: String? = nil, p99: String? = nil) {
        set(rate, result.perSecond)
        if let p50 { set(p50, result.percentile(0.50)) }
        if let p99 { set(p99, result.percentile(0.99)) }
        details["\(name)_requests"] = Double(result.requests)
        details["\(name)_failures"] = Double(result.failures)
        details["\(name)_seconds"] = result.seconds
    }

    /// One line per figure, with its target when the issue sets one.
    func table() -> String {
        var lines = ["figure                          value  target"]
        for key in order {
            let value = figures[key] ?? 0
            let shown = abs(value) >= 1000 ? String(format: "%.0f", value) : String(format: "%.3f", value)
            let padded = key.padding(toLength: 26, withPad: " ", startingAt: 0) + String(repeating: " ", count: max(0, 12 - shown.count)) + shown
            lines.append(padded + (target(key).map { "  " + $0 } ?? ""))
        }
        let failures = details.filter { $0.key.hasSuffix("_failures") && $0.value > 0 }.sorted { $0.key < $1.key }
        for (key, value) in failures { lines.append("warning: \(key) = \(Int(value))") }
        return lines.joined(separator: "\n")
    }

    /// The target and whether it is met, or nil for a figure without one.
    func target(_ key: String) -> String? {
        func check(_ met: Bool?, _ text: String) -> String { "\(text) \(met == nil ? "n/a" : met! ? "met" : "MISSED")" }
        let f = figures
        func both(_ a: Double?, _ b: Double?, _ test: (Double, Double) -> Bool) -> Bool? { a.flatMap { a in b.map { test(a, $0) } } }
        switch key {
        case "topup_overhead_p99_ms": return check(f[key].map { $0 <= 2 }, "<= 2")
        case "topup_overhead_p50_ms": return check(f[key].map { $0 <= 0.5 }, "<= 0.5")
        case "topup_rps": return check(both(f[key], f["proxy_rps"]) { $0 >= 5000 && $0 >= 0.5 * $1 }, ">= 5000 and >= 0.5 x proxy_rps")
        case "webhook_rps": return check(both(f[key], f["hello_rps"]) { $0 >= 15000 && $0 >= 0.2 * $1 }, ">= 15000 and >= 0.2 x hello_rps")
        case "verify_vs_openssl": return check(f[key].map { $0 >= 0.8 }, ">= 0.8")
        case "ledger_postings_per_s":
            return check(both(f[key], f["sqlite_raw_inserts_per_s"]) { $0 >= 100_000 && $0 >= 0.5 * $1 }, ">= 100000 and >= 0.5 x sqlite_raw_inserts_per_s")
        case "balance_read_us_1m": return check(both(f[key], f["balance_read_us_1k"]) { $0 <= 1.5 * $1 }, "<= 1.5 x balance_read_us_1k")
        case "rss_mb_10k_pending": return check(f[key].map { $0 <= 150 }, "<= 150")
        case "console_timeline_p50_ms", "console_timeline_p99_ms": return check(f[key].map { $0 < 20 }, "< 20")
        default: return nil
        }
    }

    func json(plan: BenchPlan) throws -> Data {
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        var object: [String: Any] = figures
        object["details"] = details
        object["release_build"] = build == "release"
        object["build"] = build
        object["quick"] = plan.quick
        object["duration_s"] = LoadRun.seconds(plan.duration)
        object["warm_up_s"] = LoadRun.seconds(plan.warmUp)
        object["concurrency"] = plan.concurrency
        object["cpus"] = ProcessInfo.processInfo.activeProcessorCount
        object["memory_mb"] = Int(ProcessInfo.processInfo.physicalMemory / 1_048_576)
        object["cpu_model"] = Self.cpuModel()
        object["targets_met"] = Dictionary(uniqueKeysWithValues: order.compactMap { key in target(key).map { (key, $0.hasSuffix(" met")) } })
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }

    static func cpuModel() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
              let colon = line.firstIndex(of: ":") else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
}
