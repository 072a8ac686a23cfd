import Foundation
import Hub
import Logging
import Testing

/// The lines `RedactingLogHandler` writes: shape, flattened metadata, redaction.
@Suite struct RedactingLogHandlerTests {
    final class Lines: @unchecked Sendable {  // an array guarded by `lock`
        private let lock = NSLock()
        private var lines: [String] = []
        var all: [String] { lock.withLock { lines } }
        var sink: LogSink { LogSink { line in self.lock.withLock { self.lines.append(line) } } }
    }

    func logger(_ format: LogFormat, _ lines: Lines) -> Logger {
        Logger(label: "hub.test") { label in RedactingLogHandler(label: label, format: format, sink: lines.sink, metadataProvider: nil) }
    }

    @Test func writesOneJSONObjectPerLine() throws {
        let lines = Lines()
        var logger = logger(.json, lines)
        logger[metadataKey: "request_id"] = "req-1"
        logger.info("payment from +250788123456\nsucceeded", metadata: [
            "payment_id": "pay_abc", "api_key": "hub_secret", "message": "clash",
            "provider": .dictionary(["name": "mtn-momo", "subscriptionKey": "abc123"]),
        ])
        logger.debug("below the level")
        let line = try #require(lines.all.first)
        #expect(lines.all.count == 1)
        #expect(!line.contains("\n"))
        #expect(line.hasPrefix("{\"timestamp\":\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["level"] == "info")
        #expect(object["label"] == "hub.test")
        #expect(object["message"] == "payment from +•••••••••456\nsucceeded")
        #expect(object["payment_id"] == "pay_abc")
        #expect(object["request_id"] == "req-1")
        #expect(object["api_key"] == "[redacted]")
        #expect(object["metadata.message"] == "clash")
        #expect(object["provider.name"] == "mtn-momo")
        #expect(object["provider.subscriptionKey"] == "[redacted]")
        let timestamp = try #require(object["timestamp"])
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.contains("."))
    }

    @Test func writesTextLines() throws {
        let lines = Lines()
        logger(.text, lines).warning("refused", metadata: ["provider": "mtn-momo", "token": "abc"])
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix(" warning hub.test: refused provider=mtn-momo token=[redacted]"))
    }
}
