import Foundation

/// JSON text written by hand for the one document the shared writer encodes on every transition: the event
/// envelope. The bytes are those `JSONEncoder` gives with `.sortedKeys` and `.withoutEscapingSlashes` (a test
/// compares the two over many payments), at a small fraction of the cost. Anything it does not cover (a
/// routing decision in the payment) goes through `JSONEncoder`.
enum EventJSON {
    static func encode(_ envelope: PaymentEventEnvelope) throws -> Data {
        guard envelope.data.routing == nil else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(envelope)
        }
        var writer = JSONTextWriter()
        writer.object([
            ("created_at", { $0.string(envelope.createdAt) }),
            ("data", { $0.payment(envelope.data) }),
            ("id", { $0.string(envelope.id) }),
            ("type", { $0.string(envelope.type) }),
        ])
        return Data(writer.bytes)
    }
}

/// Appends JSON values to a byte buffer, escaping strings as `JSONEncoder` does.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    /// An object whose members are written in the sorted order of their keys; a member whose writer
    /// returns without writing is not allowed (leave optional members out of `members` instead).
    mutating func object(_ members: [(key: String, write: (inout JSONTextWriter) -> Void)]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(member.key)
            bytes.append(UInt8(ascii: ":"))
            member.write(&self)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array(#"\u00"#.utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func boolean(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func payment(_ resource: PaymentResource) {
        var members: [(key: String, write: (inout JSONTextWriter) -> Void)] = [
            ("amount", { $0.integer(resource.amount) }),
            ("counterparty", { $0.string(resource.counterparty) }),
            ("created_at", { $0.string(resource.createdAt) }),
            ("currency", { $0.string(resource.currency) }),
            ("id", { $0.string(resource.id) }),
            ("kind", { $0.string(resource.kind) }),
            ("metadata", { writer in writer.object(resource.metadata.map { entry in (entry.key, { $0.string(entry.value) }) }) }),
            ("method", { $0.string(resource.method) }),
            ("needs_review", { $0.boolean(resource.needsReview) }),
            ("provider", { $0.string(resource.provider) }),
            ("provider_reference", { $0.string(resource.providerReference) }),
            ("state", { $0.string(resource.state) }),
            ("updated_at", { $0.string(resource.updatedAt) }),
            ("wallet_id", { $0.string(resource.walletID) }),
        ]
        if let failure = resource.failure {
            var failureMembers: [(key: String, write: (inout JSONTextWriter) -> Void)] = [
                ("code", { $0.string(failure.code) }), ("message", { $0.string(failure.message) }),
            ]
            if let providerCode = failure.providerCode { failureMembers.append(("provider_code", { $0.string(providerCode) })) }
            members.append(("failure", { $0.object(failureMembers) }))
        }
        if let refundState = resource.refundState { members.append(("refund_state", { $0.string(refundState) })) }
        object(members)
    }
}
