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
        // Native strings are contiguous UTF-8: compare their bytes directly rather than through index steps.
        let compared = a.utf8.withContiguousStorageIfAvailable { a in
            b.utf8.withContiguousStorageIfAvailable { b in
                zip(a, b).allSatisfy { lowercase($0) == lowercase($1) }
            }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8) { lowercase($0) == lowercase($1) }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
