import Hummingbird
import Hub
import Prometheus

/// `GET /metrics`: every metric of `registry` in the Prometheus text format (version 0.0.4). Needs no API key,
/// so the port must be firewalled to the Prometheus scrapers. Label values are provider ids and fixed words,
/// never customer data (see `HubMetrics`).
struct MetricsRoute {
    let registry: PrometheusCollectorRegistry

    func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: Array(Self.withHelp(String(decoding: buffer, as: UTF8.self)).utf8))))
        }
    }

    /// The exposition with a `# HELP` line before each metric's `# TYPE` line.
    static func withHelp(_ exposition: String) -> String {
        var lines: [Substring] = []
        for line in exposition.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first {
                let help = HubMetrics.Name.help[String(name)] ?? "Hub metric \(name)."
                lines.append("# HELP \(name) \(help)")
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
