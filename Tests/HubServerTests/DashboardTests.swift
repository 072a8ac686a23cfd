import Foundation
import Testing

/// `deploy/grafana/dashboard.json` queries only metrics the hub exports: every metric name in its PromQL
/// expressions is in a `/metrics` scrape taken after live flows.
@Suite(.serialized) struct DashboardTests {
    static let dashboard = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/grafana/dashboard.json")

    /// Every `expr` of every panel target, nested rows included.
    static func expressions(in json: Any) -> [String] {
        switch json {
        case let object as [String: Any]:
            let own = (object["expr"] as? String).map { [$0] } ?? []
            return own + object.values.flatMap(expressions(in:))
        case let array as [Any]:
            return array.flatMap(expressions(in:))
        default:
            return []
        }
    }

    /// The metric names a PromQL expression reads: identifiers left once strings, label matchers, ranges and
    /// grouping clauses are removed, that are neither a function call, a keyword nor part of a number.
    static func metricNames(in expression: String) -> Set<String> {
        let keywords: Set<String> = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless",
                                     "offset", "inf", "nan"]
        let bare = expression
            .replacing(/"(?:[^"\\]|\\.)*"/, with: "")
            .replacing(/\{[^}]*\}/, with: "")
            .replacing(/\[[^\]]*\]/, with: "")
            .replacing(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/, with: "")
        var names: Set<String> = []
        for token in bare.matches(of: /[0-9][0-9.eE+-]*|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/) {
            guard let name = token.1, token.2 == nil, !keywords.contains(name.lowercased()) else { continue }
            names.insert(String(name))
        }
        return names
    }

    @Test func extractsMetricNamesFromPromQL() {
        let expression = #"histogram_quantile(0.99, sum by (le, provider) (rate(hub_x_bucket{state=~"a|b"}[5m]))) / on (provider) max(hub_y) > bool 2e3"#
        #expect(Self.metricNames(in: expression) == ["hub_x_bucket", "hub_y"])
    }

    @Test func everyQueriedMetricIsExported() async throws {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.dashboard))
        let expressions = Self.expressions(in: json)
        #expect(expressions.count >= 10)
        let queried = expressions.reduce(into: Set<String>()) { $0.formUnion(Self.metricNames(in: $1)) }
        #expect(queried.count >= 9, "\(queried.sorted())")
        let exported = try await MetricsScrape.afterFlows().names
        for name in queried.sorted() {
            #expect(exported.contains(name), "the dashboard queries \(name), which /metrics does not export")
        }
    }
}
