/// What `ProviderConformance` found: one row per check.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    public enum Result: Sendable, Equatable {
        case passed(String)
        case failed(String)
        /// The check does not apply to this provider (it does not pay out, its scheme has no timestamp).
        case notApplicable(String)
    }

    public struct Row: Sendable {
        public var check: String
        public var result: Result
    }

    public var provider: String
    public var rows: [Row] = []

    public var failures: [Row] { rows.filter { if case .failed = $0.result { true } else { false } } }
    public var passed: Bool { failures.isEmpty && !rows.isEmpty }

    /// The table: check, result, detail.
    public var description: String {
        let width = max(5, rows.map(\.check.count).max() ?? 0)
        var lines = ["conformance of \(provider)", "check".padding(toLength: width, withPad: " ", startingAt: 0) + "  result  detail"]
        for row in rows {
            let (word, detail) = switch row.result {
            case .passed(let detail): ("pass  ", detail)
            case .failed(let detail): ("FAIL  ", detail)
            case .notApplicable(let detail): ("n/a   ", detail)
            }
            lines.append(row.check.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + word + "  " + detail)
        }
        return lines.joined(separator: "\n")
    }
}
