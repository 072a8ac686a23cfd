/// The HTTP headers of one webhook delivery as (name, value) pairs in arrival order, looked up by name
/// without regard to ASCII case.
public struct WebhookHeaders: Sendable, ExpressibleByDictionaryLiteral {
    public let fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The value of the first field named `name` (any ASCII case), or nil. Later repeats are ignored rather
    /// than merged, so a duplicated signature header cannot smuggle in extra candidates.
    public subscript(name: String) -> String? {
        for index in fields.indices where Self.sameName(fields[index].name, name) { return fields[index].value }
        return nil
    }

    private static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        if a == b { return true }
        var index = a.utf8.startIndex
        var other = b.utf8.startIndex
        while index != a.utf8.endIndex {
            if lowercase(a.utf8[index]) != lowercase(b.utf8[other]) { return false }
            a.utf8.formIndex(after: &index)
            b.utf8.formIndex(after: &other)
        }
        return true
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
