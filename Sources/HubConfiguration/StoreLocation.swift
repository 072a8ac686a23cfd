/// Where the hub keeps its payments, ledger and outbox: `store.url` in the file, or `HUB_DATABASE_URL`.
///
/// `sqlite:///absolute/path.sqlite` or `sqlite:relative/path.sqlite`; without either, `hub.sqlite` in the data
/// directory. A `postgres://` URL is refused by this build with a clear problem: its store is not part of it yet.
public enum StoreLocation: Sendable, Equatable {
    /// `hub.sqlite` in the data directory, the embedded default.
    case dataDirectory
    /// An SQLite file at this path (relative paths are taken from the working directory).
    case sqlite(path: String)

    /// The location `url` names, or why it names none.
    public static func parse(_ url: String) -> Result<StoreLocation, StoreLocationProblem> {
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return .failure(StoreLocationProblem("PostgreSQL is not supported by this build; use sqlite:///path"))
        }
        guard lowered.hasPrefix("sqlite:") else {
            return .failure(StoreLocationProblem("expected sqlite:///absolute/path or sqlite:relative/path"))
        }
        let rest = url.dropFirst("sqlite:".count)
        let path: Substring
        if rest.hasPrefix("///") {
            path = rest.dropFirst(2)
        } else if rest.hasPrefix("//") {
            return .failure(StoreLocationProblem("a host is not allowed: use sqlite:///absolute/path or sqlite:relative/path"))
        } else {
            path = rest
        }
        if path.isEmpty || path.hasSuffix("/") { return .failure(StoreLocationProblem("names no file")) }
        if path.contains("?") || path.contains("#") { return .failure(StoreLocationProblem("query and fragment are not supported")) }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 }) { return .failure(StoreLocationProblem("contains control characters")) }
        return .success(.sqlite(path: String(path)))
    }

    /// The SQLite file to open for a hub whose data directory is `dataDirectory`.
    public func sqlitePath(dataDirectory: String) -> String {
        switch self {
        case .dataDirectory: dataDirectory + "/hub.sqlite"
        case .sqlite(let path): path
        }
    }
}

/// Why a store URL names no store the hub can open.
public struct StoreLocationProblem: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
