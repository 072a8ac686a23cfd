import Foundation
import Testing

/// docs/security.md's catalogue tables and the catalogue tests cannot drift apart: every row names, in its last
/// column, catalogue tests that exist, and every catalogue test is named by at least one row.
@Suite struct CatalogueTableTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let catalogueFolders = ["Tests/HubServerTests/Catalogue", "Tests/HubConfigurationTests/Catalogue", "Tests/XMLSecurityTests"]

    /// The name of every `@Test` function in the catalogue folders, with its file.
    static func catalogueTests() throws -> [(name: String, file: String)] {
        try catalogueFolders.flatMap { folder in
            let directory = repository.appendingPathComponent(folder)
            return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix("CatalogueTests.swift") }.sorted()
                .flatMap { file in
                    let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                    return testNames(in: source).map { (name: $0, file: file) }
                }
        }
    }

    /// The function following each `@Test` attribute (its arguments may span lines).
    static func testNames(in source: String) -> [String] {
        source.components(separatedBy: "@Test").dropFirst().compactMap { after in
            guard let function = after.range(of: #"func\s+([A-Za-z0-9_]+)"#, options: .regularExpression) else { return nil }
            return String(after[function].split(whereSeparator: \.isWhitespace).last!)
        }
    }

    /// Each catalogue table row of docs/security.md: its attack and the test names in backticks in its last cell.
    static func tableRows() throws -> [(attack: String, tests: [String])] {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/security.md"), encoding: .utf8)
        guard let after = text.components(separatedBy: "\n## The catalogue\n").dropFirst().first else { throw MissingSection() }
        let section = after.components(separatedBy: "\n## ").first!
        return section.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Attack |") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let last = cells.dropLast().last ?? ""
            let names = last.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            return (attack: cells.dropFirst().first ?? line.description, tests: names)
        }
    }

    struct MissingSection: Error {}

    @Test func everyRowNamesExistingCatalogueTests() throws {
        let tests = Set(try Self.catalogueTests().map(\.name))
        let rows = try Self.tableRows()
        #expect(rows.count >= 60, "found \(rows.count) rows")
        for row in rows {
            #expect(!row.tests.isEmpty, "row '\(row.attack.prefix(60))' names no test")
            for name in row.tests {
                #expect(tests.contains(name), "row '\(row.attack.prefix(60))' names '\(name)', which is no catalogue test")
            }
        }
    }

    @Test func everyCatalogueTestHasARow() throws {
        let named = Set(try Self.tableRows().flatMap(\.tests))
        let tests = try Self.catalogueTests()
        #expect(tests.count >= 30, "found \(tests.count) catalogue tests")
        for test in tests {
            #expect(named.contains(test.name), "\(test.file): \(test.name) has no row in docs/security.md")
        }
    }

    /// A row names a test by its bare name, so no two catalogue tests may share one.
    @Test func catalogueTestNamesAreUnique() throws {
        let names = try Self.catalogueTests().map(\.name)
        #expect(names.count == Set(names).count, "repeated: \(Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
    }

    @Test func theReaderFindsMultiLineTestAttributes() {
        let source = """
            @Test(arguments: [1,
                              2])
            func first(_ value: Int) {}
            @Test func second() async throws {}
            """
        #expect(Self.testNames(in: source) == ["first", "second"])
    }
}
