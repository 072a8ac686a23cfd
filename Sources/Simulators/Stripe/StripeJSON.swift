/// A JSON value whose object keys keep the order they were written in, so Stripe objects read as Stripe
/// writes them (`id`, `object`, then the fields) and a saved answer replays byte for byte.
enum StripeJSON: Sendable {
    case string(String)
    case integer(Int64)
    case bool(Bool)
    case null
    case object([(String, StripeJSON)])
    case array([StripeJSON])

    /// `.string` for a value, `.null` for `nil`, as Stripe writes absent fields.
    static func optional(_ text: String?) -> StripeJSON {
        text.map(StripeJSON.string) ?? .null
    }

    /// A hash of strings (metadata), keys sorted.
    static func strings(_ values: [String: String]) -> StripeJSON {
        .object(values.keys.sorted().map { ($0, .string(values[$0]!)) })
    }

    /// The value of `key` in an object; `nil` for anything else.
    subscript(key: String) -> StripeJSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    /// Compact UTF-8 JSON; `/` is not escaped, control characters are.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .string(let text): Self.write(text, to: &output)
        case .integer(let value): output += Array(String(value).utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .null: output += Array("null".utf8)
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.write(field.0, to: &output)
                output.append(UInt8(ascii: ":"))
                field.1.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        }
    }

    private static func write(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): output += Array(#"\\"#.utf8)
            case UInt8(ascii: "\n"): output += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): output += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): output += Array(#"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
