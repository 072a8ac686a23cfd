import Foundation

/// A decoded `application/x-www-form-urlencoded` body in Stripe's bracket notation: `metadata[order]=42` is
/// the entry `order` of the hash `metadata`; `payment_method_types[]=card` and `…[0]=card` are list items.
struct StripeForm: Sendable {
    /// Every pair in body order, name and value percent-decoded (`+` is a space).
    let pairs: [(name: String, value: String)]

    /// Throws `invalid_request_error` for a pair whose percent-encoding is malformed.
    init(decoding text: String) throws(StripeAPIError) {
        var pairs: [(name: String, value: String)] = []
        for item in text.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.unescape(parts[0]), !name.isEmpty,
                  let value = Self.unescape(parts.count == 2 ? parts[1] : "")
            else { throw .invalidRequest("Invalid request body: it is not valid application/x-www-form-urlencoded.") }
            pairs.append((name: name, value: value))
        }
        self.pairs = pairs
    }

    /// The value of a plain parameter; the last one wins when a name repeats.
    func value(_ name: String) -> String? {
        pairs.last { $0.name == name }?.value
    }

    /// The entries of a hash parameter (`name[key]=value`), the last value winning per key.
    /// Throws for a nested entry (`name[a][b]`), which Stripe's string hashes do not allow.
    func hash(_ name: String) throws(StripeAPIError) -> [String: String] {
        var entries: [String: String] = [:]
        for pair in pairs where Self.topLevelName(pair.name) == name && pair.name != name {
            let inner = pair.name.dropFirst(name.count)
            guard inner.hasPrefix("["), inner.hasSuffix("]"), inner.dropFirst().dropLast().allSatisfy({ $0 != "[" && $0 != "]" })
            else { throw .invalidRequest("Invalid hash: \(pair.name).", param: pair.name) }
            entries[String(inner.dropFirst().dropLast())] = pair.value
        }
        if pairs.contains(where: { $0.name == name }) {
            throw .invalidRequest("Invalid hash: \(name) must be sent as \(name)[key]=value.", param: name)
        }
        return entries
    }

    /// Throws `parameter_unknown` for the first parameter whose name (before any bracket) is not `allowed`.
    func requireKnown(_ allowed: Set<String>) throws(StripeAPIError) {
        if let unknown = pairs.map({ Self.topLevelName($0.name) }).first(where: { !allowed.contains($0) }) {
            throw .invalidRequest("Received unknown parameter: \(unknown)", param: unknown, code: "parameter_unknown")
        }
    }

    /// The parameters as one canonical string (pairs sorted), to compare two requests made with one
    /// idempotency key: the order of the pairs in the body does not matter, any name or value does.
    var fingerprint: String {
        pairs.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: "&")
    }

    private static func topLevelName(_ name: String) -> String {
        String(name.prefix { $0 != "[" })
    }

    private static func unescape(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
