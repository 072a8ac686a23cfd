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
        fields.first { Self.sameName($0.name, name) }?.value
    }

    private static func sameName(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8) { lowercase($0) == lowercase($1) }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }
}
