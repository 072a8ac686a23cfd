import Foundation

/// `hub-fuzz TARGET [libFuzzer options] [corpus directories]` runs one target under libFuzzer;
/// `hub-fuzz --list` names the targets; `hub-fuzz --seed TARGET FIXTURES OUTPUT` writes the target's seed corpus,
/// built from the fixtures, into OUTPUT. Built only by scripts/fuzz (`-sanitize=fuzzer,address`).
typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> Int32

/// The target libFuzzer drives. Set once in `hub_fuzz_main` before the driver starts, only read afterwards, and
/// libFuzzer calls the callback from one thread: no lock is needed.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget?.run(bytes)
    return 0
}

@_cdecl("hub_fuzz_main")
func hubFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    let arguments = (0..<Int(argc)).map { argv[$0].map { String(cString: $0) } ?? "" }
    let names = FuzzTarget.all.map(\.name)
    switch arguments.dropFirst().first {
    case "--list":
        print(names.joined(separator: "\n"))
        return 0
    case "--seed":
        guard arguments.count == 5, let target = FuzzTarget.named(arguments[2]) else { return usage(names) }
        do {
            let count = try SeedCorpus.write(target, fixtures: URL(fileURLWithPath: arguments[3]),
                                             output: URL(fileURLWithPath: arguments[4]))
            print("\(target.name): \(count) seeds")
            return 0
        } catch {
            FileHandle.standardError.write(Data("hub-fuzz: \(error)\n".utf8))
            return 1
        }
    case let name? where FuzzTarget.named(name) != nil:
        selectedTarget = FuzzTarget.named(name)
        var forwarded: [UnsafeMutablePointer<CChar>?] = [argv[0]] + (2..<max(2, Int(argc))).map { argv[$0] } + [nil]
        var count = Int32(forwarded.count - 1)
        return forwarded.withUnsafeMutableBufferPointer { buffer in
            var base = buffer.baseAddress
            return LLVMFuzzerRunDriver(&count, &base, fuzzOneInput)
        }
    default:
        return usage(names)
    }
}

func usage(_ names: [String]) -> Int32 {
    FileHandle.standardError.write(Data("""
        usage: hub-fuzz TARGET [libFuzzer options] [corpus …] | --list | --seed TARGET FIXTURES OUTPUT
        targets: \(names.joined(separator: ", "))

        """.utf8))
    return 2
}

/// A broken invariant: traps, so libFuzzer reports the input as a crash and writes it out.
func violated(_ invariant: String, file: StaticString = #file, line: UInt = #line) -> Never {
    preconditionFailure("invariant violated: \(invariant)", file: file, line: line)
}
