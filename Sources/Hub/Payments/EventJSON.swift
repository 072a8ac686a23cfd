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
        writer.open()
        writer.member("created_at") { $0.string(envelope.createdAt) }
        writer.member("data") { $0.payment(envelope.data) }
        writer.member("id") { $0.string(envelope.id) }
        writer.member("type") { $0.string(envelope.type) }
        writer.close()
        return Data(writer.bytes)
    }

    /// A lowercase-hex event id, `evt_` and 32 digits, from a random UUID.
    static func eventID() -> String {
        var text = Array("evt_".utf8)
        text.reserveCapacity(36)
        withUnsafeBytes(of: UUID().uuid) { bytes in
            for byte in bytes {
                text.append(JSONTextWriter.hexDigit(byte >> 4))
                text.append(JSONTextWriter.hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Appends JSON values to a byte buffer, escaping strings as `JSONEncoder` does.
struct JSONTextWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    private var needsComma = false

    /// Starts an object; its members must then be written in the sorted order of their keys.
    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func member(_ key: String, _ value: (inout JSONTextWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        value(&self)
        needsComma = true
    }

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
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
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hexDigit(byte >> 4), Self.hexDigit(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One lowercase hex digit for a value below 16.
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    mutating func integer(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func boolean(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Keys in `JSONEncoder`'s `.sortedKeys` order (byte order), optional members left out when nil.
    mutating func payment(_ resource: PaymentResource) {
        open()
        member("amount") { $0.integer(resource.amount) }
        member("counterparty") { $0.string(resource.counterparty) }
        member("created_at") { $0.string(resource.createdAt) }
        member("currency") { $0.string(resource.currency) }
        if let failure = resource.failure {
            member("failure") { writer in
                writer.open()
                writer.member("code") { $0.string(failure.code) }
                writer.member("message") { $0.string(failure.message) }
                if let providerCode = failure.providerCode { writer.member("provider_code") { $0.string(providerCode) } }
                writer.close()
            }
        }
        member("id") { $0.string(resource.id) }
        member("kind") { $0.string(resource.kind) }
        member("metadata") { writer in
            writer.open()
            for key in resource.metadata.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                writer.member(key) { $0.string(resource.metadata[key] ?? "") }
            }
            writer.close()
        }
        member("method") { $0.string(resource.method) }
        member("needs_review") { $0.boolean(resource.needsReview) }
        member("provider") { $0.string(resource.provider) }
        member("provider_reference") { $0.string(resource.providerReference) }
        if let refundState = resource.refundState { member("refund_state") { $0.string(refundState) } }
        member("state") { $0.string(resource.state) }
        member("updated_at") { $0.string(resource.updatedAt) }
        member("wallet_id") { $0.string(resource.walletID) }
        close()
    }
}

/// The body of an event sent to the wallet backend.
public struct PaymentEventEnvelope: Codable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var createdAt: String
    public var data: PaymentResource

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case createdAt = "created_at"
    }
}
