import Foundation

/// A JSON object written member by member in the documentation's order, so that the bytes v2 signs are exactly
/// the bytes sent, and amounts go out as exact decimals built from integer minor units (never a binary float).
struct AirtelMoneyJSON {
    private var members: [String] = []

    init(_ build: (inout AirtelMoneyJSON) -> Void) {
        build(&self)
    }

    mutating func string(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + Self.quoted(value))
    }

    /// `value` is a decimal the caller built from integer minor units (`Money.compactDecimalString`).
    mutating func number(_ key: String, _ value: String) {
        members.append(Self.quoted(key) + ":" + value)
    }

    mutating func object(_ key: String, _ build: (inout AirtelMoneyJSON) -> Void) {
        members.append(Self.quoted(key) + ":" + AirtelMoneyJSON(build).text)
    }

    var text: String { "{" + members.joined(separator: ",") + "}" }

    var data: Data { Data(text.utf8) }

    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        // JSONEncoder writes a lone string exactly as a JSON string literal, escapes included.
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
