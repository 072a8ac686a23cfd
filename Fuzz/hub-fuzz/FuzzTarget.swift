import Foundation

/// One parser or verifier under libFuzzer: `run` takes one input and traps on a broken invariant; `seeds` turns
/// the fixtures folder into inputs of the target's own format.
struct FuzzTarget: Sendable {
    let name: String
    let run: @Sendable ([UInt8]) -> Void
    let seeds: @Sendable (FixtureFiles) throws -> [[UInt8]]

    static let all: [FuzzTarget] = [
        APIBodyFuzz.target, MoneyFuzz.target, MSISDNFuzz.target,
    ] + WebhookFuzz.targets + ProviderFuzz.targets + [ConfigurationFuzz.target]

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// The files under `fixtures/`, read on demand.
struct FixtureFiles: Sendable {
    let root: URL

    /// The contents of every file in `folder` (relative to the fixtures root) whose name ends in `suffix`.
    func contents(of folder: String, suffix: String = ".json") throws -> [[UInt8]] {
        let directory = root.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(suffix) }.sorted()
        return try names.map { Array(try Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    /// The contents of a file relative to the repository (the fixtures root's parent).
    func repositoryFile(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.deletingLastPathComponent().appendingPathComponent(path)))
    }
}

enum SeedCorpus {
    /// Writes the target's seeds into `output`, one file each, named by index; returns how many.
    static func write(_ target: FuzzTarget, fixtures: URL, output: URL) throws -> Int {
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let seeds = try target.seeds(FixtureFiles(root: fixtures))
        for (index, seed) in seeds.enumerated() {
            try Data(seed).write(to: output.appendingPathComponent("seed-\(String(format: "%04d", index))"))
        }
        return seeds.count
    }
}

/// Reads a fuzz input as a few selector bytes followed by a payload; missing bytes read as zero.
struct FuzzInput {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(_ index: Int) -> UInt8 { index < bytes.count ? bytes[index] : 0 }

    /// Everything after the first `count` bytes.
    func payload(after count: Int) -> [UInt8] { count < bytes.count ? Array(bytes[count...]) : [] }

    func text(after count: Int) -> String { String(decoding: payload(after: count), as: UTF8.self) }
}
