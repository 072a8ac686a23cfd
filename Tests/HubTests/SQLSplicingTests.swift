import Foundation
import Testing

/// No SQL is built by splicing values into its text: every value goes through a bound parameter (`?`). The only
/// interpolations allowed in a statement are the fixed column lists below, which are constants of the store.
///
/// Reads every Swift file under Sources that imports a database library, finds each statement literal (`sql:`
/// followed by a one-line or a multi-line string) and fails on any interpolation that is not in the list.
@Suite struct SQLSplicingTests {
    static let allowed: Set<String> = [
        "Self.paymentColumns", "Self.paymentColumnsOfP", "SQLiteStore.paymentColumns", "Self.recordColumns", "Self.accountColumns",
        "SQLiteTransaction.accountColumns", "PostgresTransaction.accountColumns",
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "Sources")

    /// `(file, line, interpolated expression)` for every interpolation in a statement literal of `text`, and for
    /// every statement given as a variable (text assembled elsewhere), with `<variable>` as its expression.
    static func splices(in text: String, file: String) -> [(file: String, line: Int, expression: String)] {
        var found: [(String, Int, String)] = []
        var search = Substring(text)
        while let use = search.range(of: "sql: ") {
            if !search[use.upperBound...].hasPrefix("\"") {
                let line = text[..<use.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                found.append((file, line, "<variable>"))
            }
            search = search[use.upperBound...]
        }
        var rest = Substring(text)
        while let start = rest.range(of: "sql: \"") {
            let afterQuote = rest[start.upperBound...]
            let multiline = afterQuote.hasPrefix("\"\"")
            let body = multiline ? afterQuote.dropFirst(2) : afterQuote
            let end = body.range(of: multiline ? "\"\"\"" : "\"")?.lowerBound ?? body.endIndex
            let literal = body[..<end]
            var scan = literal
            while let open = scan.range(of: "\\(") {
                var depth = 1
                var index = open.upperBound
                while index < scan.endIndex, depth > 0 {
                    if scan[index] == "(" { depth += 1 } else if scan[index] == ")" { depth -= 1 }
                    index = scan.index(after: index)
                }
                let expression = String(scan[open.upperBound..<scan.index(before: index)])
                let line = text[..<open.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                found.append((file, line, expression))
                scan = scan[index...]
            }
            rest = body[end...].dropFirst()
        }
        return found
    }

    @Test func noStatementSplicesAValueIntoItsText() throws {
        var checked = 0, postgresFiles = 0
        var offending: [String] = []
        let files = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            guard text.contains("import GRDB") || text.contains("import PostgresNIO") else { continue }
            checked += 1
            if text.contains("import PostgresNIO") { postgresFiles += 1 }
            for splice in Self.splices(in: text, file: url.lastPathComponent) where !Self.allowed.contains(splice.expression) {
                offending.append("\(splice.file):\(splice.line): \\(\(splice.expression))")
            }
        }
        #expect(checked >= 5, "the store's files were found under \(Self.sources.path)")
        #expect(postgresFiles >= 4, "the PostgreSQL store's files were found and checked")
        #expect(offending.isEmpty, "values spliced into SQL text: \(offending.joined(separator: "; "))")
    }

    /// The scanner itself: it sees a splice in one-line and multi-line statements and passes bound parameters.
    @Test func theScannerFindsSplicesAndPassesParameters() {
        let source = #"""
            db.execute(sql: "SELECT * FROM t WHERE a = \(value) AND b = ?", arguments: [b])
            db.execute(sql: """
                UPDATE t SET c = \(Self.paymentColumns) WHERE d = \(other.name(of: x))
                """)
            db.execute(sql: "SELECT 1 WHERE e = ?", arguments: [e])
            Row.fetchAll(db, sql: assembled, arguments: arguments)
            """#
        let found = SQLSplicingTests.splices(in: source, file: "sample.swift").map(\.expression)
        #expect(found == ["<variable>", "value", "Self.paymentColumns", "other.name(of: x)"])
    }
}
