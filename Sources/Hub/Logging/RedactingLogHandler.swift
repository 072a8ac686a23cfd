import Foundation
import Logging

/// A swift-log handler that writes every record as one line, with secrets and customer numbers redacted by
/// `LogRedactor` (message and every metadata value, and whole values under sensitive keys).
///
/// In `json` format a line is one object: `timestamp` (RFC 3339 UTC with milliseconds), `level`, `label`,
/// `message`, then the metadata flattened (`payment_id`, `provider`, `request_id`, …; nested dictionaries as
/// `outer.inner`; a key that clashes with the four fixed ones gains a `metadata.` prefix). In `text` format a
/// line is `timestamp level label: message key=value …`.
public struct RedactingLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let sink: LogSink
    let redactor: LogRedactor

    public init(label: String, format: LogFormat = .json, sink: LogSink = .standardOutput, redactor: LogRedactor = LogRedactor(),
                metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.format = format
        self.sink = sink
        self.redactor = redactor
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        var fields: [(String, String)] = []
        for (key, value) in merged { Self.flatten(key, value, into: &fields) }
        let redacted = fields
            .map { key, value in (Self.fixedKeys.contains(key) ? "metadata." + key : key, redactor.redact(key: key, value: value)) }
            .sorted { $0.0 < $1.0 }
        let timestamp = Timestamp.iso8601(Date())
        let message = redactor.redact(event.message.description)
        switch format {
        case .json:
            let head = [("timestamp", timestamp), ("level", event.level.rawValue), ("label", label), ("message", message)]
            sink.write("{" + (head + redacted).map { "\(JSONText.quote($0)):\(JSONText.quote($1))" }.joined(separator: ",") + "}")
        case .text:
            let tail = redacted.map { " \($0)=\($1)" }.joined()
            sink.write("\(timestamp) \(event.level.rawValue) \(label): \(message)\(tail)")
        }
    }

    static let fixedKeys: Set<String> = ["timestamp", "level", "label", "message"]

    static func flatten(_ key: String, _ value: Logger.Metadata.Value, into fields: inout [(String, String)]) {
        switch value {
        case .string(let text): fields.append((key, text))
        case .stringConvertible(let convertible): fields.append((key, convertible.description))
        case .array(let values): fields.append((key, "[" + values.map(\.description).joined(separator: ", ") + "]"))
        case .dictionary(let values): for (inner, nested) in values { flatten("\(key).\(inner)", nested, into: &fields) }
        }
    }
}

/// JSON string literals, written by hand so the fixed keys keep their order on every line.
enum JSONText {
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
