import Foundation
import Logging

/// Collects every log line written through its loggers, rendered with their metadata, so a test can prove that
/// no secret, token, full phone number or card number reaches a log.
public final class LogCapture: @unchecked Sendable {  // `lines` guarded by `lock`
    private let lock = NSLock()
    private var captured: [String] = []

    public init() {}

    /// A logger at `trace` level writing here.
    public func logger(label: String = "test") -> Logger {
        var logger = Logger(label: label) { _ in CaptureHandler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    public var lines: [String] { lock.withLock { captured } }

    fileprivate func append(_ line: String) { lock.withLock { captured.append(line) } }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}
