import Foundation

/// A flat JSON object written by hand, so that amounts go out as exact decimal numbers in major units (`10.5`),
/// never through a binary floating-point value.
struct FlutterwaveJSON {
    private var members: [String] = []

    mutating func string(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + Self.quoted(value))
    }

    /// `value` is a decimal string the caller built from integer minor units.
    mutating func number(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + value)
    }

    var data: Data { Data(("{" + members.joined(separator: ",") + "}").utf8) }

    static func quoted(_ text: String) -> String {
        // JSONEncoder writes a lone string exactly as a JSON string literal, escapes included.
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
