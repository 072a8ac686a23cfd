import Foundation
import Webhooks

/// Airtel's callback authentication: `hash` = base64(HMAC-SHA256(the portal's key, message)).
///
/// Which bytes are the message is not confirmed anywhere: the documentation says "the callback payload", client code
/// hashes `JSON.stringify(transaction)`, one Java sample hashes `{"transaction":{…}}`. The hub reads it as the raw bytes
/// of the `transaction` object exactly as they appear in the body, and also accepts those bytes with insignificant
/// whitespace removed (what `JSON.stringify` of a pretty-printed body gives) and wrapped as `{"transaction":…}`.
/// Each candidate needs the key; the codes are compared in constant time.
struct AirtelMoneyCallbackHash: Sendable {
    let key: HMACKey

    init(key: String) {
        self.key = HMACKey(.sha256, key: Array(key.utf8))
    }

    /// Whether `hash` authenticates `body`.
    func accepts(_ hash: String, body: [UInt8]) -> Bool {
        guard let code = Base64.decode(hash), let raw = Self.transactionBytes(in: body) else { return false }
        return ([raw] + Self.alternatives(raw)).contains { key.isValidSignature(code, for: $0) }
    }

    static func alternatives(_ raw: [UInt8]) -> [[UInt8]] {
        let compact = minified(raw)
        let wrapped = Array(#"{"transaction":"#.utf8) + compact + [UInt8(ascii: "}")]
        return compact == raw ? [wrapped] : [compact, wrapped]
    }

    /// The bytes of the top-level `transaction` member's value, or `nil` if the body is not an object holding exactly
    /// one. Keys are compared as the decoder reads them, escapes decoded: a second member whose key reads as
    /// `transaction` (`"transacti\u006fn"`, or the key repeated) makes the body unauthenticated, so the hash can never
    /// cover one transaction while the hub reads another.
    static func transactionBytes(in body: [UInt8]) -> [UInt8]? {
        var scanner = AirtelMoneyJSONScanner(body)
        guard scanner.consume(UInt8(ascii: "{")) else { return nil }
        var found: Range<Int>?
        while true {
            guard let key = scanner.string(), scanner.consume(UInt8(ascii: ":")) else { return nil }
            scanner.skipWhitespace()
            let start = scanner.index
            guard scanner.skipValue() else { return nil }
            if Self.readsAsTransaction(key) {
                guard found == nil else { return nil }
                found = start..<scanner.index
            }
            if scanner.consume(UInt8(ascii: "}")) { return found.map { Array(body[$0]) } }
            guard scanner.consume(UInt8(ascii: ",")) else { return nil }
        }
    }

    /// Whether a key's raw bytes (between its quotes, escapes as written) decode to `transaction`.
    static func readsAsTransaction(_ raw: ArraySlice<UInt8>) -> Bool {
        guard raw.contains(UInt8(ascii: "\\")) else { return raw.elementsEqual("transaction".utf8) }
        let quoted = Data([UInt8(ascii: "\"")] + raw + [UInt8(ascii: "\"")])
        return (try? JSONSerialization.jsonObject(with: quoted, options: [.fragmentsAllowed])) as? String == "transaction"
    }

    /// `json` without the whitespace outside its strings.
    static func minified(_ json: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in json {
            if inString {
                output.append(byte)
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if ![0x20, 0x09, 0x0A, 0x0D].contains(byte) {
                output.append(byte)
                if byte == UInt8(ascii: "\"") { inString = true }
            }
        }
        return output
    }
}

/// Just enough of a JSON reader to find where a value starts and ends, without rewriting a byte.
struct AirtelMoneyJSONScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string's raw bytes between its quotes (escapes left as written).
    mutating func string() -> ArraySlice<UInt8>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return bytes[start..<(index - 1)]
            default: index += 1
            }
        }
        return nil
    }

    /// Skips one value: an object or array with everything nested in it, a string, or a bare literal.
    mutating func skipValue() -> Bool {
        skipWhitespace()
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard string() != nil else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            let start = index
            let ends: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D]
            while index < bytes.count, !ends.contains(bytes[index]) {
                index += 1
            }
            return index > start
        }
    }
}
