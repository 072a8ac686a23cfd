import Webhooks

/// An API key as the configuration gives it: an id that logs and audit records show, the key itself, and its scopes.
///
/// The key never appears in a description, a log line or an audit record: only `id` does.
public struct APIKey: Sendable, Equatable, CustomStringConvertible {
    /// 1 to 64 characters of `A-Z a-z 0-9 . _ -`, starting with a letter or digit (`isValidID`).
    public var id: String
    public var key: String
    public var scopes: Set<APIScope>

    public init(id: String, key: String, scopes: Set<APIScope>) {
        self.id = id
        self.key = key
        self.scopes = scopes
    }

    /// A key given without an id or scopes (a bare key in `api_keys`, or one of `HUB_API_KEYS`): every scope, and
    /// an id derived from the key, the first 8 hex digits of its SHA-256, so two bare keys get two ids and the key
    /// cannot be read back from its id.
    public static func unscoped(_ key: String) -> APIKey {
        APIKey(id: derivedID(of: key), key: key, scopes: Set(APIScope.allCases))
    }

    public static func derivedID(of key: String) -> String {
        String(Hex.encode(SHA256.hash(Array(key.utf8))).prefix(8))
    }

    public static func isValidID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard (1...64).contains(scalars.count), isAlphanumeric(scalars[0]) else { return false }
        return scalars.allSatisfy { isAlphanumeric($0) || ".-_".unicodeScalars.contains($0) }
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    public var description: String { "API key \(id) (\(scopes.sorted().map(\.rawValue).joined(separator: ", ")))" }
}
