import HubPostgres

/// Where the hub keeps its payments, ledger and outbox: `store.url` in the file, or `HUB_DATABASE_URL`.
///
/// `sqlite:///absolute/path.sqlite` or `sqlite:relative/path.sqlite`; without either, `hub.sqlite` in the data
/// directory. `postgres://user:password@host:port/database` names a PostgreSQL database that several hubs may share;
/// its password may instead be given apart (`store.password`, a secret such as `{ env: NAME }`).
public enum StoreLocation: Sendable, Equatable {
    /// `hub.sqlite` in the data directory, the embedded default.
    case dataDirectory
    /// An SQLite file at this path (relative paths are taken from the working directory).
    case sqlite(path: String)
    /// A PostgreSQL database (its description never shows the password).
    case postgres(PostgresSettings)

    /// The location `url` names, or why it names none. `password` is a PostgreSQL password given apart from the URL.
    public static func parse(_ url: String, password: String? = nil) -> Result<StoreLocation, StoreLocationProblem> {
        let lowered = url.lowercased()
        if lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") {
            return PostgresSettings.parse(url: url, password: password).map(StoreLocation.postgres)
                .mapError { StoreLocationProblem($0.message) }
        }
        guard lowered.hasPrefix("sqlite:") else {
            return .failure(StoreLocationProblem("expected sqlite:///absolute/path, sqlite:relative/path or postgres://user:password@host/database"))
        }
        if password != nil { return .failure(StoreLocationProblem("a password is only for a postgres:// URL")) }
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

    /// The SQLite file to open for a hub whose data directory is `dataDirectory`; `nil` for PostgreSQL.
    public func sqlitePath(dataDirectory: String) -> String? {
        switch self {
        case .dataDirectory: dataDirectory + "/hub.sqlite"
        case .sqlite(let path): path
        case .postgres: nil
        }
    }
}

/// Why a store URL names no store the hub can open.
public struct StoreLocationProblem: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
