/// A JSON value that keeps what a float would lose: numbers stay the text they were written as, so an
/// amount such as `100.10` reaches `Money(parsing:currency:)` exactly, and object keys keep their order,
/// so answers read as the providers write them (Flutterwave's `status`, `message`, `data`). Shared by the simulators.
enum SimulatorJSON: Sendable {
    case null
    case bool(Bool)
    /// A number's literal text, as received or as it will be written (`1500`, `10.5`).
    case number(String)
    case string(String)
    case array([SimulatorJSON])
    case object([(String, SimulatorJSON)])

    static func integer(_ value: Int64) -> SimulatorJSON {
        .number(String(value))
    }

    /// `.string` for a value, `.null` for `nil`.
    static func optional(_ text: String?) -> SimulatorJSON {
        text.map(SimulatorJSON.string) ?? .null
    }

    /// The value of `key` in an object (the first one if repeated); `nil` for anything else.
    subscript(key: String) -> SimulatorJSON? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    /// A string's text; `nil` for anything else.
    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// Compact UTF-8 JSON; `/` is not escaped, control characters are.
    var bytes: [UInt8] {
        var output: [UInt8] = []
        write(to: &output)
        return output
    }

    private func write(to output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .number(let text): output += Array(text.utf8)
        case .string(let text): Self.write(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            for (index, field) in fields.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.write(field.0, to: &output)
                output.append(UInt8(ascii: ":"))
                field.1.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
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
