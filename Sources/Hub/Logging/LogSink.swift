import Foundation

/// Where finished log lines go. Each call receives one whole line, without its newline.
public struct LogSink: Sendable {
    public let write: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// Standard output, one unbuffered `write` per line so lines from concurrent tasks never interleave.
    public static let standardOutput = LogSink { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// How log lines are written: `json`, one object per line for log shippers, or `text` for people.
public enum LogFormat: String, CaseIterable, Sendable {
    case json
    case text
}
