import Foundation

/// An `application/x-www-form-urlencoded` body as Stripe reads it: nested keys in bracket notation
/// (`metadata[reference]=…`), fields kept in the order they were added.
struct StripeForm {
    private(set) var fields: [(name: String, value: String)] = []

    mutating func append(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Adds each entry as `metadata[key]=value`, keys sorted so the same metadata always encodes the same way.
    mutating func appendMetadata(_ metadata: [String: String]) {
        for key in metadata.keys.sorted() { append("metadata[\(key)]", metadata[key]!) }
    }

    var encoded: String {
        fields.map { Self.escape($0.name) + "=" + Self.escape($0.value) }.joined(separator: "&")
    }

    var data: Data { Data(encoded.utf8) }

    /// Percent-encodes everything but RFC 3986 unreserved characters, brackets and spaces included.
    static func escape(_ text: String) -> String {
        // Never nil: a Swift string is always valid Unicode.
        text.addingPercentEncoding(withAllowedCharacters: unreserved)!
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
